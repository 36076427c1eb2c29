// Two app instances on two ports, one PostgreSQL and one Redis (Redis Streams
// adapter): what happens on one reaches viewers on the other.
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { addPerson, addSession, addUnit, type Person } from './live-fixtures';
import { roomClient, startRoomServer, until, type RoomServer } from './live-server';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const stream = `xuefan-test:${randomBytes(4).toString('hex')}`;
let t: TestDb;
let one: RoomServer;
let two: RoomServer;
let unit: number;
let lecturer: Person;
let viewers: Person[];

beforeAll(async () => {
	t = await createTestSchema();
	unit = await addUnit(t.sql);
	lecturer = await addPerson(t.sql, unit, ['lecturer'], '主讲老师');
	viewers = await Promise.all(
		[1, 2, 3].map((i) => addPerson(t.sql, unit, ['learner'], `学员${i}`))
	);
	one = await startRoomServer(t.sql, { redisUrl: REDIS_URL, streamName: stream });
	two = await startRoomServer(t.sql, { redisUrl: REDIS_URL, streamName: stream });
});
afterAll(async () => {
	await one?.close();
	await two?.close();
	const r = createClient({ url: REDIS_URL });
	await r.connect();
	await r.del(stream);
	await r.close();
	await t.drop();
});

it('chat, a poll with results, a check-in, moderation and the viewer count cross instances', async () => {
	const s = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [unit] });
	const lec = await roomClient(one.port, lecturer.cookie, s);
	const onTwo = await roomClient(two.port, viewers[0].cookie, s);
	const onOne = await roomClient(one.port, viewers[1].cookie, s);
	try {
		expect((await lec.room.sendChat('来自一号实例')).ok).toBe(true);
		await until(
			() => onTwo.room.chat.some((c) => c.body === '来自一号实例'),
			5000,
			'chat on instance two'
		);
		expect((await onTwo.room.sendChat('来自二号实例')).ok).toBe(true);
		await until(
			() => lec.room.chat.length === 2 && onOne.room.chat.length === 2,
			5000,
			'chat back on instance one'
		);

		expect((await lec.room.openPoll('跨实例投票', ['是', '否'])).ok).toBe(true);
		await until(() => onTwo.room.polls.length === 1, 5000, 'poll on instance two');
		expect((await onTwo.room.answerPoll(onTwo.room.polls[0].id, 0)).ok).toBe(true);
		expect((await onOne.room.answerPoll(onOne.room.polls[0].id, 1)).ok).toBe(true);
		// results counted from the database, whichever instance flushed them
		await until(
			() => [lec.room, onTwo.room, onOne.room].every((r) => r.polls[0]?.total === 2),
			5000,
			'poll results everywhere'
		);
		expect(onTwo.room.polls[0].counts).toEqual([1, 1]);

		expect((await lec.room.openCheckin(30)).ok).toBe(true);
		await until(() => onTwo.room.checkin !== null, 5000, 'check-in on instance two');
		expect((await onTwo.room.answerCheckin(onTwo.room.checkin!.id)).ok).toBe(true);
		await until(() => lec.room.checkinAnswered === 1, 5000, 'check-in count back on instance one');

		// personal events cross too: the lecturer on one mutes a viewer on two
		expect((await lec.room.setMuted(viewers[0].id, true)).ok).toBe(true);
		await until(() => onTwo.room.mine.muted, 5000, 'mute reaches instance two');
		expect(await onTwo.room.sendChat('还能说吗')).toMatchObject({ ok: false, error: 'muted' });

		// the viewer count covers both instances (from the presence table)
		await lec.room.join();
		expect(lec.room.viewers).toBe(2);
	} finally {
		lec.close();
		onTwo.close();
		onOne.close();
	}
});

it('connection-state recovery across a restart: packets missed while down are replayed once, without re-joining', async () => {
	const s = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [unit] });
	const lec = await roomClient(one.port, lecturer.cookie, s);
	const v = await roomClient(two.port, viewers[2].cookie, s);
	try {
		for (let i = 1; i <= 3; i++) await lec.room.sendChat(`消息 ${i}`);
		await until(() => v.room.chat.length === 3, 5000, 'chat on two');
		const port = two.port;
		await two.close();
		// said while instance two is down
		await lec.room.sendChat('停机期间');
		two = await startRoomServer(t.sql, { redisUrl: REDIS_URL, streamName: stream, port });
		await until(() => v.room.connected, 10_000, 'reconnected to two');
		await until(() => v.room.chat.length === 4, 5000, 'missed message replayed');
		// the session (rooms, membership) came back from Redis: no re-join was needed
		expect(v.socket.recovered).toBe(true);
		expect(v.room.joins).toBe(1);
		await lec.room.sendChat('重启后');
		await until(() => v.room.chat.length === 5, 5000, 'message after the restart');
		const ids = v.room.chat.map((c) => c.id);
		expect(new Set(ids).size).toBe(5);
		expect(v.room.chat.map((c) => c.body)).toEqual([
			'消息 1',
			'消息 2',
			'消息 3',
			'停机期间',
			'重启后'
		]);
		// a viewer joining late on the other instance gets that history once
		const late = await roomClient(one.port, viewers[1].cookie, s);
		expect(late.room.chat.map((c) => c.body)).toEqual([
			'消息 1',
			'消息 2',
			'消息 3',
			'停机期间',
			'重启后'
		]);
		late.close();
		// presence went on after the recovery (a new open interval on instance two)
		const [{ n }] =
			await t.sql`select count(*)::int as n from live_presence where session_id = ${s} and user_id = ${viewers[2].id} and left_at is null`;
		expect(n).toBe(1);
	} finally {
		lec.close();
		v.close();
	}
});
