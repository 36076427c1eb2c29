// The live room over real socket.io connections: flows, refusals (nothing
// written), moderation, flood control, and a server restart mid-session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { addPerson, addSession, addUnit, type Person } from './live-fixtures';
import {
	ack,
	clientSocket,
	roomClient,
	startRoomServer,
	until,
	type RoomServer
} from './live-server';

let t: TestDb;
let server: RoomServer;
let unit: number;
let lecturer: Person;
let viewerA: Person;
let viewerB: Person;
let outsider: Person;

beforeAll(async () => {
	t = await createTestSchema();
	unit = await addUnit(t.sql);
	const elsewhere = await addUnit(t.sql);
	lecturer = await addPerson(t.sql, elsewhere, ['lecturer'], '主讲老师');
	viewerA = await addPerson(t.sql, unit, ['learner'], '学员甲');
	viewerB = await addPerson(t.sql, unit, ['learner'], '学员乙');
	outsider = await addPerson(t.sql, elsewhere, ['learner'], '外单位');
	server = await startRoomServer(t.sql);
});
afterAll(async () => {
	await server?.close();
	await t.drop();
});

const count = async (table: string, sessionId: number) =>
	(await t.sql`select count(*)::int as n from ${t.sql(table)} where session_id = ${sessionId}`)[0]
		.n as number;

describe('live room flows', () => {
	it('chat both ways, Q&A, a poll with live results, a check-in, raise hand; a late joiner gets the history', async () => {
		const s = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [unit] });
		const lec = await roomClient(server.port, lecturer.cookie, s);
		const a = await roomClient(server.port, viewerA.cookie, s);
		try {
			expect(lec.room.role).toBe('lecturer');
			expect(a.room.role).toBe('viewer');
			expect((await a.room.sendChat('  老师好 ')).ok).toBe(true);
			expect((await lec.room.sendChat('大家好')).ok).toBe(true);
			await until(
				() => lec.room.chat.length === 2 && a.room.chat.length === 2,
				5000,
				'chat both ways'
			);
			expect(a.room.chat.map((c) => c.body)).toEqual(['老师好', '大家好']);
			expect(a.room.chat[1].lecturer).toBe(true);

			const q = await a.room.ask('什么时候考试？');
			expect(q.ok).toBe(true);
			await until(() => lec.room.questions.length === 1);
			const qid = lec.room.questions[0].id;
			expect((await a.room.upvote(qid)).ok).toBe(true);
			expect((await a.room.upvote(qid)).ok).toBe(false);
			await until(() => lec.room.questions[0].votes === 1, 3000, 'vote count');
			expect((await lec.room.markAnswered(qid)).ok).toBe(true);
			await until(() => a.room.questions[0].answered);

			const opened = await lec.room.openPoll('今天的内容清楚吗？', ['清楚', '基本清楚', '不清楚']);
			expect(opened.ok).toBe(true);
			await until(() => a.room.polls.length === 1);
			const pollId = a.room.polls[0].id;
			expect((await a.room.answerPoll(pollId, 1)).ok).toBe(true);
			await until(() => lec.room.polls[0]?.counts[1] === 1, 3000, 'poll results');
			expect((await a.room.answerPoll(pollId, 0)).ok).toBe(false);
			expect((await lec.room.closePoll(pollId)).ok).toBe(true);
			await until(() => a.room.polls[0].closed);

			expect((await lec.room.openCheckin(30)).ok).toBe(true);
			await until(() => a.room.checkin !== null);
			expect(a.room.checkin!.remainingMs).toBeGreaterThan(25_000);
			expect((await a.room.answerCheckin(a.room.checkin!.id)).ok).toBe(true);
			await until(() => lec.room.checkinAnswered === 1, 3000, 'check-in count');
			expect((await lec.room.openCheckin(30)).ok).toBe(false); // one at a time

			expect((await a.room.setHand(true)).ok).toBe(true);
			await until(() => lec.room.hands.some((h) => h.userId === viewerA.id));
			expect((await lec.room.lowerHand(viewerA.id)).ok).toBe(true);
			await until(
				() => !a.room.mine.handRaised && lec.room.hands.length === 0,
				3000,
				'hand lowered'
			);

			// a late joiner: history with server ids and their own (empty) answers
			const b = await roomClient(server.port, viewerB.cookie, s);
			try {
				expect(b.room.chat.map((c) => c.body)).toEqual(['老师好', '大家好']);
				expect(b.room.questions[0]).toMatchObject({ votes: 1, answered: true });
				expect(b.room.polls[0]).toMatchObject({ closed: true, counts: [0, 1, 0], total: 1 });
				expect(b.room.checkin?.id).toBe(a.room.checkin!.id);
				expect(b.room.checkin?.answered).toBeUndefined();
				expect(b.room.mine.checkins).toEqual([]);
			} finally {
				b.close();
			}
			// A's own answers come back on a new join
			const a2 = await roomClient(server.port, viewerA.cookie, s);
			expect(a2.room.mine.pollAnswers[pollId]).toBe(1);
			expect(a2.room.mine.checkins).toEqual([a.room.checkin!.id]);
			expect(a2.room.mine.votes).toEqual([qid]);
			a2.close();
		} finally {
			lec.close();
			a.close();
		}
	});

	it('moderation: the lecturer deletes a message and mutes a viewer; the muted viewer is refused', async () => {
		const s = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [unit] });
		const lec = await roomClient(server.port, lecturer.cookie, s);
		const a = await roomClient(server.port, viewerA.cookie, s);
		try {
			const sent = await a.room.sendChat('广告信息');
			await until(() => lec.room.chat.length === 1);
			expect(
				(await lec.room.deleteChat((sent as unknown as { message: { id: number } }).message.id)).ok
			).toBe(true);
			await until(
				() => a.room.chat.length === 0 && lec.room.chat.length === 0,
				3000,
				'deleted everywhere'
			);
			expect((await lec.room.setMuted(viewerA.id, true)).ok).toBe(true);
			await until(() => a.room.mine.muted && lec.room.mutes.length === 1, 3000, 'muted');
			const refused = await a.room.sendChat('我还想说');
			expect(refused).toMatchObject({ ok: false, error: 'muted' });
			expect(refused.ok === false && refused.message).toBe('您已被主讲人禁言。');
			// muting someone outside the audience: not found
			expect(await lec.room.setMuted(outsider.id, true)).toMatchObject({
				ok: false,
				error: 'not_found'
			});
			expect((await lec.room.setMuted(viewerA.id, false)).ok).toBe(true);
			expect((await a.room.sendChat('谢谢老师')).ok).toBe(true);
			expect(await count('live_chat_messages', s)).toBe(2);
		} finally {
			lec.close();
			a.close();
		}
	});
});

describe('bad input is refused and nothing is written', () => {
	it('outsiders, unjoined sockets, malformed and oversized payloads, viewers sending lecturer events, foreign ids', async () => {
		const s = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [unit] });
		const other = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [unit] });
		const out = clientSocket(server.port, outsider.cookie);
		const v = clientSocket(server.port, viewerA.cookie);
		const lec = clientSocket(server.port, lecturer.cookie);
		try {
			expect(await ack(out, 'live:join', { sessionId: s })).toMatchObject({ error: 'not_found' });
			expect(await ack(out, 'live:chat:send', { sessionId: s, body: 'hi' })).toMatchObject({
				error: 'not_joined'
			});
			expect(await ack(v, 'live:join', { sessionId: 'x' })).toMatchObject({ error: 'bad_request' });
			expect(await ack(v, 'live:join', null)).toMatchObject({ error: 'bad_request' });
			expect(await ack(v, 'live:join', { sessionId: 99_999_999 })).toMatchObject({
				error: 'not_found'
			});
			expect((await ack(v, 'live:join', { sessionId: s })).ok).toBe(true);
			expect((await ack(lec, 'live:join', { sessionId: s })).ok).toBe(true);
			expect((await ack(lec, 'live:join', { sessionId: other })).ok).toBe(true);

			expect(
				await ack(v, 'live:chat:send', { sessionId: s, body: '长'.repeat(501) })
			).toMatchObject({ error: 'chat_too_long' });
			expect(
				await ack(v, 'live:chat:send', { sessionId: s, body: 'x'.repeat(200_000) })
			).toMatchObject({ error: 'chat_too_long' });
			expect(await ack(v, 'live:chat:send', { sessionId: s, body: '   ' })).toMatchObject({
				error: 'chat_empty'
			});
			expect(await ack(v, 'live:chat:send', { sessionId: s, body: ['a'] })).toMatchObject({
				error: 'bad_request'
			});
			expect(await ack(v, 'live:chat:send', { sessionId: other, body: 'hi' })).toMatchObject({
				error: 'not_joined'
			});
			expect(
				await ack(v, 'live:question:ask', { sessionId: s, body: '问'.repeat(301) })
			).toMatchObject({ error: 'question_too_long' });

			for (const [event, payload] of [
				['live:poll:open', { question: 'q', options: ['a', 'b'] }],
				['live:checkin:open', { seconds: 30 }],
				['live:chat:delete', { messageId: 1 }],
				['live:mute', { userId: viewerB.id, muted: true }],
				['live:hand:lower', { userId: viewerB.id }],
				['live:question:answered', { questionId: 1 }]
			] as const) {
				const r = await ack(v, event, { sessionId: s, ...payload });
				expect(r, event).toMatchObject({ error: 'forbidden' });
				expect(r.message).toBe('只有主讲人可以执行此操作。');
			}

			// the lecturer's own bad input
			expect(
				await ack(lec, 'live:poll:open', { sessionId: s, question: 'q', options: ['only'] })
			).toMatchObject({ error: 'poll_options' });
			expect(await ack(lec, 'live:checkin:open', { sessionId: s, seconds: 5 })).toMatchObject({
				error: 'checkin_seconds'
			});
			// a poll of another session, answered through this one: not found
			const foreign = await ack(lec, 'live:poll:open', {
				sessionId: other,
				question: '别的场次',
				options: ['a', 'b']
			});
			expect(foreign.ok).toBe(true);
			expect(
				await ack(v, 'live:poll:answer', { sessionId: s, pollId: foreign.poll.id, option: 0 })
			).toMatchObject({ error: 'not_found' });
			const poll = await ack(lec, 'live:poll:open', {
				sessionId: s,
				question: '选一个',
				options: ['a', 'b']
			});
			expect(
				await ack(v, 'live:poll:answer', { sessionId: s, pollId: poll.poll.id, option: 2 })
			).toMatchObject({ error: 'poll_option_invalid' });
			expect(
				await ack(v, 'live:poll:answer', { sessionId: s, pollId: poll.poll.id, option: -1 })
			).toMatchObject({ error: 'poll_option_invalid' });
			expect(
				await ack(v, 'live:poll:answer', { sessionId: s, pollId: poll.poll.id, option: '0' })
			).toMatchObject({ error: 'poll_option_invalid' });
			expect(
				await ack(lec, 'live:chat:delete', { sessionId: s, messageId: 123_456_789 })
			).toMatchObject({ error: 'not_found' });
			// a check-in past its deadline (the server's clock decides)
			const c = await ack(lec, 'live:checkin:open', { sessionId: s, seconds: 10 });
			await t.sql`update live_checkins set deadline_at = now() - interval '1 second' where id = ${c.checkin.id}`;
			expect(
				await ack(v, 'live:checkin:answer', { sessionId: s, checkinId: c.checkin.id })
			).toMatchObject({ error: 'checkin_closed' });

			expect(await count('live_chat_messages', s)).toBe(0);
			expect(await count('live_questions', s)).toBe(0);
			expect(await count('live_mutes', s)).toBe(0);
			const [{ n: answers }] =
				await t.sql`select count(*)::int as n from live_poll_answers a join live_polls p on p.id = a.poll_id where p.session_id in (${s}, ${other})`;
			expect(answers).toBe(0);
			const [{ n: checks }] =
				await t.sql`select count(*)::int as n from live_checkin_answers where checkin_id = ${c.checkin.id}`;
			expect(checks).toBe(0);
			// the socket stays healthy after all that
			expect((await ack(v, 'live:chat:send', { sessionId: s, body: '正常发言' })).ok).toBe(true);
		} finally {
			out.close();
			v.close();
			lec.close();
		}
	});

	it('chat is rate-limited per person (5 per 10 s); interaction needs the session to be live', async () => {
		const s = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [unit] });
		const v = clientSocket(server.port, viewerB.cookie);
		try {
			await ack(v, 'live:join', { sessionId: s });
			for (let i = 0; i < 5; i++)
				expect((await ack(v, 'live:chat:send', { sessionId: s, body: `第${i}条` })).ok).toBe(true);
			const r = await ack(v, 'live:chat:send', { sessionId: s, body: '第6条' });
			expect(r).toMatchObject({ error: 'chat_rate' });
			expect(r.message).toContain('10');
			expect(await count('live_chat_messages', s)).toBe(5);

			const ended = await addSession(t.sql, {
				lecturerId: lecturer.id,
				unitIds: [unit],
				status: 'ended'
			});
			const scheduled = await addSession(t.sql, {
				lecturerId: lecturer.id,
				unitIds: [unit],
				status: 'scheduled',
				startedAt: null
			});
			await ack(v, 'live:join', { sessionId: ended });
			await ack(v, 'live:join', { sessionId: scheduled });
			expect(await ack(v, 'live:chat:send', { sessionId: ended, body: 'hi' })).toMatchObject({
				error: 'not_open'
			});
			expect(await ack(v, 'live:hand', { sessionId: scheduled, raised: true })).toMatchObject({
				error: 'not_open'
			});
			// the waiting room's chat is open
			await ack(v, 'live:join', { sessionId: scheduled });
		} finally {
			v.close();
		}
	});

	it('a socket flooding events (> 50/s) is disconnected', async () => {
		const s = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [unit] });
		const v = clientSocket(server.port, viewerA.cookie);
		try {
			await ack(v, 'live:join', { sessionId: s });
			const gone = new Promise<string>((resolve) =>
				v.once('disconnect', (reason) => resolve(reason))
			);
			for (let i = 0; i < 200; i++) v.emit('live:watching', { sessionId: s });
			expect(await gone).toBe('io server disconnect');
		} finally {
			v.close();
		}
	});
});

describe('server restart during a session', () => {
	it('viewers reconnect on their own, re-join, and the chat history is intact with no duplicates', async () => {
		const s = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [unit] });
		const srv = await startRoomServer(t.sql);
		const port = srv.port;
		const lec = await roomClient(port, lecturer.cookie, s);
		const a = await roomClient(port, viewerA.cookie, s);
		const b = await roomClient(port, viewerB.cookie, s);
		let again: Awaited<ReturnType<typeof startRoomServer>> | undefined;
		try {
			for (let i = 1; i <= 3; i++) await lec.room.sendChat(`重启前 ${i}`);
			await until(() => a.room.chat.length === 3 && b.room.chat.length === 3);
			await srv.close();
			await until(() => !a.room.connected && !b.room.connected, 5000, 'disconnected');
			// while the server is down, nothing; then the same port again
			again = await startRoomServer(t.sql, { port });
			await until(
				() => a.room.connected && b.room.connected && lec.room.connected,
				10_000,
				'reconnected'
			);
			await until(
				() => a.room.joins === 2 && b.room.joins === 2 && lec.room.joins === 2,
				5000,
				're-joined'
			);
			expect((await lec.room.sendChat('重启后')).ok).toBe(true);
			await until(
				() => a.room.chat.length === 4 && b.room.chat.length === 4,
				5000,
				'chat after restart'
			);
			for (const r of [a.room, b.room, lec.room]) {
				const ids = r.chat.map((c) => c.id);
				expect(new Set(ids).size).toBe(ids.length);
				expect(r.chat.map((c) => c.body)).toEqual(['重启前 1', '重启前 2', '重启前 3', '重启后']);
			}
			// presence: each viewer has a closed interval from before and an open one after
			const rows =
				await t.sql`select user_id, left_at from live_presence where session_id = ${s} order by joined_at`;
			expect(rows.filter((r) => r.user_id === viewerA.id).length).toBe(2);
		} finally {
			lec.close();
			a.close();
			b.close();
			await again?.close();
		}
	});
});
