// The heartbeat endpoint through both adapters (the production node:http fast
// path and the kit route), case for case: the same statuses, bodies and
// languages, and the same session policy — a session ended on another
// instance cuts heartbeats off at once, though sessions are cached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import * as sessions from '../../src/lib/server/auth/sessions';
import * as sessionCache from '../../src/lib/server/auth/session-cache';
import { startPlayback } from '../../src/lib/server/progress/playbacks';
import { heartbeatEndpoint } from '../../src/lib/server/progress/heartbeat-endpoint';
import { addCourse, addUnit, addUser } from './progress-fixtures';
import { useTestDatabase } from './quiz-fixtures';
import { serveBoth, ALL_TRANSPORTS, type Transport } from './edge-transports';

let t: TestDb;
let other: postgres.Sql; // "another instance": its own connection to the same schema
let served: Awaited<ReturnType<typeof serveBoth>>;
let listening: { stop(): Promise<void> };

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	listening = await sessionCache.listen(t.sql);
	other = postgres(process.env.DATABASE_URL!, {
		max: 1,
		onnotice: () => {},
		connection: { search_path: t.schema }
	});
	served = await serveBoth(heartbeatEndpoint, t.sql, { socketEvent: 'heartbeat:send' });
});
afterAll(async () => {
	await served.close();
	await listening.stop();
	await other.end();
	await t.drop();
});

async function learnerWithPlayback() {
	const unit = await addUnit(t.sql);
	const user = await addUser(t.sql, unit);
	const { lessonIds } = await addCourse(t.sql, { durations: [600] });
	const started = await startPlayback(t.sql, user, { lessonId: lessonIds[0], deviceId: 'dev-1' });
	if (!started.ok) throw new Error('no playback');
	const token = await sessions.create(t.sql, user.id);
	return { user, token, playbackId: started.playback.playbackId };
}

const tick = (seq: number) => ({
	seq,
	intervals: [[seq - 1, seq]],
	position: seq,
	rate: 1,
	event: 'tick'
});

function post(
	transport: Transport,
	playbackId: string,
	token: string | null,
	body: unknown,
	headers: Record<string, string> = {}
) {
	return served.post(transport, `/api/playbacks/${playbackId}/heartbeats`, token, body, headers);
}

const rows = async (playbackId: string) =>
	(await t.sql`select count(*)::int as n from heartbeats where playback_id = ${playbackId}`)[0]
		.n as number;

describe.each(ALL_TRANSPORTS)('heartbeats over %s', (transport) => {
	it('refuses the signed-out, the must-change-password and foreign origins, writing nothing', async () => {
		const { user, token, playbackId } = await learnerWithPlayback();
		const none = await post(transport, playbackId, null, tick(1));
		expect(none.status).toBe(401);
		expect(await none.json()).toEqual({ error: 'signed_out', message: '请先登录' });
		const english = await post(transport, playbackId, 'nonsense.token', tick(1), {
			'accept-language': 'en-US,en;q=0.9'
		});
		expect((await english.json()).message).toBe('Please sign in first');
		const foreign = await post(transport, playbackId, token, tick(1), {
			origin: 'http://evil.example'
		});
		expect(foreign.status).toBe(403);
		expect((await foreign.json()).error).toBe('cross_site');
		await t.sql`update users set must_change_password = true where id = ${user.id}`;
		const locked = await post(transport, playbackId, token, tick(1));
		expect(locked.status).toBe(403);
		expect((await locked.json()).error).toBe('must_change_password');
		expect(await rows(playbackId)).toBe(0);
	});

	it('answers bad ids, bodies and fields with the code and a message in the request language', async () => {
		const { token, playbackId } = await learnerWithPlayback();
		const notUuid = await post(transport, 'not-a-uuid', token, tick(1));
		expect(notUuid.status).toBe(404);
		expect((await notUuid.json()).error).toBe('not_found');
		const malformed = await post(transport, playbackId, token, '{"seq": 1,');
		expect([malformed.status, (await malformed.json()).error]).toEqual([400, 'malformed_json']);
		const huge = await post(transport, playbackId, token, { ...tick(1), pad: 'x'.repeat(20_000) });
		expect([huge.status, (await huge.json()).error]).toEqual([413, 'too_large']);
		const badSeq = await post(
			transport,
			playbackId,
			token,
			{ ...tick(1), seq: 0 },
			{ 'accept-language': 'zh-Hans, en;q=0.5' }
		);
		const body = await badSeq.json();
		expect([badSeq.status, body.error]).toEqual([400, 'bad_seq']);
		expect(body.message).toMatch(/[\u4e00-\u9fff]/);
		const badEn = await post(
			transport,
			playbackId,
			token,
			{ ...tick(1), rate: 99 },
			{ cookie: `${sessions.COOKIE}=${token}; PARAGLIDE_LOCALE=en` }
		);
		expect((await badEn.json()).message).toMatch(/^[\x20-\x7e]+$/);
		expect(await rows(playbackId)).toBe(0);
	});

	it('acknowledges a heartbeat once it is stored; a replay changes nothing; another person’s playback is refused', async () => {
		const { token, playbackId } = await learnerWithPlayback();
		const first = await post(transport, playbackId, token, tick(1));
		expect(first.status).toBe(200);
		// The socket has no caches to keep it from.
		if (transport !== 'socket') expect(first.headers.get('cache-control')).toBe('no-store');
		expect(await rows(playbackId)).toBe(1);
		expect((await post(transport, playbackId, token, tick(1))).status).toBe(200);
		expect(await rows(playbackId)).toBe(1);
		const stranger = await learnerWithPlayback();
		const theirs = await post(transport, playbackId, stranger.token, tick(2));
		expect(theirs.status).toBeGreaterThanOrEqual(403);
		expect(await rows(playbackId)).toBe(1);
	});

	it('a session ended elsewhere (another instance signs out, an account is disabled) stops heartbeats at once', async () => {
		// The other instance's commit is announced by NOTIFY: a heartbeat already on its way may land, none after the announcement.
		const cutOff = async (p: Awaited<ReturnType<typeof learnerWithPlayback>>, seq: number) => {
			let next = seq;
			await expect
				.poll(async () => (await post(transport, p.playbackId, p.token, tick(next++))).status, {
					timeout: 500,
					interval: 10
				})
				.toBe(401);
			const stored = await rows(p.playbackId);
			expect((await post(transport, p.playbackId, p.token, tick(next))).status).toBe(401);
			expect(await rows(p.playbackId)).toBe(stored);
		};
		const a = await learnerWithPlayback();
		expect((await post(transport, a.playbackId, a.token, tick(1))).status).toBe(200); // now cached
		expect((await post(transport, a.playbackId, a.token, tick(2))).status).toBe(200);
		await other`delete from sessions where user_id = ${a.user.id}`;
		await cutOff(a, 3);
		const b = await learnerWithPlayback();
		expect((await post(transport, b.playbackId, b.token, tick(1))).status).toBe(200);
		await other`update users set active = false where id = ${b.user.id}`;
		await cutOff(b, 2);
	});
});
