// OpenID Connect sign-in against a real provider (oidc-provider on port 4372+):
// the kit routes GET /login/sso and /login/sso/callback, driven like a browser.
// Known and active people get a session; unknown, disabled, claim-less people
// and tampered state / PKCE / reused flows are refused with a clear 403 page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/types';
import * as sessions from '../../src/lib/server/auth/sessions';
import { decodeFlow, encodeFlow, FLOW_COOKIE } from '../../src/lib/server/auth/sso';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import * as loginPage from '../../src/routes/login/+page.server';
import * as start from '../../src/routes/login/sso/+server';
import * as callback from '../../src/routes/login/sso/callback/+page.server';
import {
	CLAIM,
	CLIENT_ID,
	CLIENT_SECRET,
	signInAtProvider,
	startProvider
} from '../support/oidc-provider';
import { addUnit, addUser } from './progress-fixtures';
import { settle, useTestDatabase } from './quiz-fixtures';

const PORT = 4374;
const ORIGIN = 'http://localhost';
let t: TestDb;
let provider: Awaited<ReturnType<typeof startProvider>>;
let person: SessionUser, disabled: SessionUser;
const ENV = [
	'XUEFAN_OIDC_ISSUER',
	'XUEFAN_OIDC_CLIENT_ID',
	'XUEFAN_OIDC_CLIENT_SECRET',
	'XUEFAN_OIDC_EMPLOYEE_CLAIM'
];

/** kit's cookies, as a jar. */
function jar(initial: Record<string, string> = {}) {
	const values = new Map(Object.entries(initial));
	return {
		values,
		get: (n: string) => values.get(n),
		getAll: () => [...values].map(([name, value]) => ({ name, value })),
		set: (n: string, v: string) => void values.set(n, v),
		delete: (n: string) => void values.delete(n),
		serialize: () => ''
	};
}
const ev = (
	url: string,
	cookies: ReturnType<typeof jar>,
	locals: Record<string, unknown> = { user: null, session: null }
) =>
	({
		url: new URL(url, ORIGIN),
		cookies,
		locals,
		params: {},
		request: new Request(new URL(url, ORIGIN))
	}) as never;

/** /login/sso → the provider (signed in as `login`) → the callback URL, with the cookies set on the way. */
async function throughProvider(login: string, next = '/') {
	const cookies = jar();
	const r = await settle(() =>
		start.GET(ev(`/login/sso?next=${encodeURIComponent(next)}`, cookies))
	);
	expect(r.status).toBe(303);
	const authorize = new URL(r.location!);
	expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
	expect(authorize.searchParams.get('state')).toBeTruthy();
	expect(authorize.searchParams.get('nonce')).toBeTruthy();
	const back = await signInAtProvider(authorize.href, login);
	expect(back.pathname).toBe('/login/sso/callback');
	return { back, cookies };
}
const finish = (back: URL, cookies: ReturnType<typeof jar>) =>
	settle(() => callback.load(ev(back.pathname + back.search, cookies)));

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	const unit = await addUnit(t.sql);
	person = await addUser(t.sql, unit, ['learner']);
	disabled = await addUser(t.sql, unit, ['learner']);
	await t.sql`update users set active = false where id = ${disabled.id}`;
	provider = await startProvider(PORT, [`${ORIGIN}/login/sso/callback`]);
	Object.assign(process.env, {
		XUEFAN_OIDC_ISSUER: provider.issuer,
		XUEFAN_OIDC_CLIENT_ID: CLIENT_ID,
		XUEFAN_OIDC_CLIENT_SECRET: CLIENT_SECRET,
		XUEFAN_OIDC_EMPLOYEE_CLAIM: CLAIM
	});
});
afterAll(async () => {
	for (const n of ENV) delete process.env[n];
	await provider?.stop();
	await t.drop();
});

describe('single sign-on (OIDC)', () => {
	it('the login page offers the button only when configured', async () => {
		expect(await loginPage.load(ev('/login', jar()))).toMatchObject({ sso: true });
		const saved = process.env.XUEFAN_OIDC_ISSUER;
		delete process.env.XUEFAN_OIDC_ISSUER;
		delete process.env.XUEFAN_OIDC_CLIENT_ID;
		delete process.env.XUEFAN_OIDC_CLIENT_SECRET;
		try {
			expect(await loginPage.load(ev('/login', jar()))).toMatchObject({ sso: false });
			expect((await settle(() => start.GET(ev('/login/sso', jar())))).status).toBe(404);
		} finally {
			Object.assign(process.env, {
				XUEFAN_OIDC_ISSUER: saved,
				XUEFAN_OIDC_CLIENT_ID: CLIENT_ID,
				XUEFAN_OIDC_CLIENT_SECRET: CLIENT_SECRET
			});
		}
	});

	it('a known person signs in: a fresh Xuefan session, then to `next`; logout ends it', async () => {
		const { back, cookies } = await throughProvider(person.employeeNo, '/tasks');
		const r = await finish(back, cookies);
		expect(r).toMatchObject({ status: 303, location: '/tasks' });
		const token = cookies.values.get('session')!;
		const found = await sessions.validate(t.sql, token);
		expect(found?.user.id).toBe(person.id);
		expect(cookies.values.has(FLOW_COOKIE)).toBe(false); // the flow is used up
		// The Xuefan logout is the usual one: the session row goes.
		await sessions.invalidate(t.sql, found!.session.id);
		expect(await sessions.validate(t.sql, token)).toBeNull();
	});

	it('a tampered state is refused, and so are another flow’s state, a wrong PKCE verifier and a missing flow', async () => {
		const { back, cookies } = await throughProvider(person.employeeNo);
		const flowCookie = cookies.values.get(FLOW_COOKIE)!;
		const tampered = new URL(back);
		tampered.searchParams.set('state', 'forged-state');
		const r = await finish(tampered, jar({ [FLOW_COOKIE]: flowCookie }));
		expect(r.status).toBe(403);
		expect((r.body as { error: string }).error).toBe('sso_checks_failed');
		// The cookie's own state changed (another flow's): refused too.
		const other = { ...decodeFlow(flowCookie)!, state: 'not-this-one' };
		expect((await finish(back, jar({ [FLOW_COOKIE]: encodeFlow(other) }))).status).toBe(403);
		// A wrong PKCE verifier: the provider refuses the code.
		const badPkce = { ...decodeFlow(flowCookie)!, verifier: 'x'.repeat(43) };
		expect((await finish(back, jar({ [FLOW_COOKIE]: encodeFlow(badPkce) }))).status).toBe(403);
		// No flow cookie at all (a callback this browser did not start).
		expect((await finish(back, jar())).status).toBe(400);
	});

	it('a wrong nonce in the flow is refused', async () => {
		const { back, cookies } = await throughProvider(person.employeeNo);
		const flow = { ...decodeFlow(cookies.values.get(FLOW_COOKIE))!, nonce: 'another-nonce' };
		const r = await finish(back, jar({ [FLOW_COOKIE]: encodeFlow(flow) }));
		expect(r.status).toBe(403);
	});

	it('unknown, disabled and claim-less identities are refused with a clear message, and get no session', async () => {
		const before = (await t.sql`select count(*) as n from sessions`)[0].n;
		const cases: [string, string, RegExp][] = [
			['NOBODY_999', 'sso_unknown', /没有这个工号的人员/],
			[disabled.employeeNo, 'sso_disabled', /已被停用/],
			['noclaim_1', 'sso_no_claim', /没有提供工号/]
		];
		for (const [login, code, message] of cases) {
			const { back, cookies } = await throughProvider(login);
			const r = await finish(back, cookies);
			expect(r.status).toBe(403);
			const body = r.body as { error: string; message: string };
			expect(body.error).toBe(code);
			expect(body.message).toMatch(message);
			expect(cookies.values.has('session')).toBe(false);
		}
		expect((await t.sql`select count(*) as n from sessions`)[0].n).toBe(before);
	});
});
