// The production submit fast path (node:http, before kit) answers as the kit
// route does: auth, idempotent submit, errors in the request's language.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import * as sessions from '../../src/lib/server/auth/sessions';
import { startAttempt } from '../../src/lib/server/quiz/attempts';
import { quizSubmitFastPath } from '../../src/lib/server/quiz/fast-path';
import { addUnit, addUser } from './progress-fixtures';
import { courseWithBank, paperOf, publishedQuiz, rightAnswers, useTestDatabase } from './quiz-fixtures';

let t: TestDb;
let server: http.Server;
let base: string;

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	server = http.createServer((req, res) => {
		if (!quizSubmitFastPath(req, res)) {
			res.statusCode = 418; // "declined: kit would answer"
			res.end();
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.close();
	await t.drop();
});

it('submits once, replays, refuses others and bad input with messages, declines non-JSON', async () => {
	const unit = await addUnit(t.sql);
	const { lecturer, courseId } = await courseWithBank(t.sql, unit);
	const quizId = await publishedQuiz(t.sql, courseId, lecturer);
	const [owner, other] = [await addUser(t.sql, unit), await addUser(t.sql, unit)];
	const a = await startAttempt(t.sql, owner.id, quizId);
	const answers = rightAnswers(await paperOf(t.sql, a.attemptId));
	const cookie = (token: string) => `${sessions.COOKIE}=${token}`;
	const [mine, theirs] = [await sessions.create(t.sql, owner.id), await sessions.create(t.sql, other.id)];
	const post = (token: string | null, body: unknown, headers: Record<string, string> = {}) =>
		fetch(`${base}/api/attempts/${a.attemptId}/submit`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(token ? { cookie: cookie(token) } : {}), ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});

	expect((await post(null, { answers })).status).toBe(401);
	const stranger = await post(theirs, { answers }, { 'idempotency-key': 'fast-path-key-1' });
	expect(stranger.status).toBe(404);
	expect((await stranger.json()).message).toBe('找不到该答题记录。');
	const english = await post(mine, { answers }, { 'accept-language': 'en-US,en;q=0.9' });
	expect(english.status).toBe(400);
	expect((await english.json()).message).toMatch(/idempotency key/);
	expect((await post(mine, '{oops', { 'idempotency-key': 'fast-path-key-1' })).status).toBe(400);
	expect((await post(mine, { answers: { '999999': [0] } }, { 'idempotency-key': 'fast-path-key-1' })).status).toBe(400);
	expect((await t.sql`select submitted_at from quiz_attempts where id = ${a.attemptId}`)[0].submitted_at).toBeNull();

	const replies = await Promise.all([1, 2, 3].map(() => post(mine, { answers }, { 'idempotency-key': 'fast-path-key-1' }).then((r) => r.json())));
	expect(replies.map((r) => r.score)).toEqual([5, 5, 5]);
	expect(replies.filter((r) => !r.replayed)).toHaveLength(1);
	expect(replies[0].resultUrl).toBe(`/courses/${courseId}/quizzes/${quizId}/result/${a.attemptId}`);
	const [{ n }] = await t.sql`select count(*)::int as n from quiz_attempts where user_id = ${owner.id} and submitted_at is not null`;
	expect(n).toBe(1);

	const form = await fetch(`${base}/api/attempts/${a.attemptId}/submit`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(mine) }, body: 'a=1' });
	expect(form.status).toBe(418);
});
