// The quiz submit endpoint through both adapters (the production node:http
// fast path and the kit route), case for case: auth, idempotent submit,
// errors in the request's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import * as sessions from '../../src/lib/server/auth/sessions';
import { startAttempt } from '../../src/lib/server/quiz/attempts';
import { submitEndpoint } from '../../src/lib/server/quiz/submit-endpoint';
import { addUnit, addUser } from './progress-fixtures';
import {
	courseWithBank,
	paperOf,
	publishedQuiz,
	rightAnswers,
	useTestDatabase
} from './quiz-fixtures';
import { serveBoth, TRANSPORTS, type Transport } from './edge-transports';

let t: TestDb;
let served: Awaited<ReturnType<typeof serveBoth>>;

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	served = await serveBoth(submitEndpoint, t.sql);
});
afterAll(async () => {
	await served.close();
	await t.drop();
});

async function attempt() {
	const unit = await addUnit(t.sql);
	const { lecturer, courseId } = await courseWithBank(t.sql, unit);
	const quizId = await publishedQuiz(t.sql, courseId, lecturer);
	const [owner, other] = [await addUser(t.sql, unit), await addUser(t.sql, unit)];
	const a = await startAttempt(t.sql, owner.id, quizId);
	const answers = rightAnswers(await paperOf(t.sql, a.attemptId));
	const [mine, theirs] = [
		await sessions.create(t.sql, owner.id),
		await sessions.create(t.sql, other.id)
	];
	return { courseId, quizId, owner, attemptId: a.attemptId, answers, mine, theirs };
}

function post(
	transport: Transport,
	id: string | number,
	token: string | null,
	body: unknown,
	headers: Record<string, string> = {}
) {
	return served.post(transport, `/api/attempts/${id}/submit`, token, body, headers);
}

describe.each(TRANSPORTS)('quiz submit over %s', (transport) => {
	it('refuses the signed-out, foreign origins, strangers and bad input with messages, submitting nothing', async () => {
		const a = await attempt();
		const key = { 'idempotency-key': `submit-key-${transport}-1` };
		const send = (
			token: string | null,
			body: unknown,
			headers: Record<string, string> = key,
			id: string | number = a.attemptId
		) => post(transport, id, token, body, headers);
		const signedOut = await send(null, { answers: a.answers });
		expect([signedOut.status, (await signedOut.json()).error]).toEqual([401, 'signed_out']);
		const foreign = await send(
			a.mine,
			{ answers: a.answers },
			{ ...key, origin: 'http://evil.example' }
		);
		expect([foreign.status, (await foreign.json()).error]).toEqual([403, 'cross_site']);
		const badId = await send(a.mine, { answers: a.answers }, key, '0x10');
		expect([badId.status, (await badId.json()).error]).toEqual([404, 'attempt_not_found']);
		const stranger = await send(a.theirs, { answers: a.answers });
		expect(stranger.status).toBe(404);
		expect(await stranger.json()).toEqual({
			error: 'attempt_not_found',
			message: '找不到该答题记录。'
		});
		const english = await send(
			a.mine,
			{ answers: a.answers },
			{ 'accept-language': 'en-US,en;q=0.9' }
		);
		expect(english.status).toBe(400);
		expect((await english.json()).message).toMatch(/idempotency key/);
		const malformed = await send(a.mine, '{oops');
		expect([malformed.status, (await malformed.json()).error]).toEqual([400, 'malformed']);
		const huge = await send(a.mine, { answers: a.answers, pad: 'x'.repeat(70_000) });
		expect([huge.status, (await huge.json()).error]).toEqual([400, 'malformed']);
		expect((await send(a.mine, { answers: { '999999': [0] } })).status).toBe(400);
		expect(
			(await t.sql`select submitted_at from quiz_attempts where id = ${a.attemptId}`)[0]
				.submitted_at
		).toBeNull();
	});

	it('grades once: concurrent duplicates and replays get the one result', async () => {
		const a = await attempt();
		const key = { 'idempotency-key': `submit-key-${transport}-2` };
		const replies = await Promise.all(
			[1, 2, 3].map(() =>
				post(transport, a.attemptId, a.mine, { answers: a.answers }, key).then((r) => r.json())
			)
		);
		expect(replies.map((r) => r.score)).toEqual([5, 5, 5]);
		expect(replies.filter((r) => !r.replayed)).toHaveLength(1);
		expect(replies[0].resultUrl).toBe(
			`/courses/${a.courseId}/quizzes/${a.quizId}/result/${a.attemptId}`
		);
		const [{ n }] =
			await t.sql`select count(*)::int as n from quiz_attempts where user_id = ${a.owner.id} and submitted_at is not null`;
		expect(n).toBe(1);
	});
});

it('the fast path declines what is not a JSON POST (kit and its CSRF check answer it)', async () => {
	const form = await fetch(served.url('node', '/api/attempts/1/submit'), {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: 'a=1'
	});
	expect(form.status).toBe(418);
});
