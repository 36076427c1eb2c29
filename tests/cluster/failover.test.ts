// kill -9 one of two instances behind nginx during heartbeat load and a live
// session: learners and viewers carry on on the other within seconds, every
// acknowledged heartbeat is kept, the chat history is intact and nothing is
// delivered twice.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedLearners, seedLesson } from '../../bench/progress-harness';
import { addPerson, addSession, addUnit } from '../integration/live-fixtures';
import { startCluster, type Cluster } from './cluster';
import { roomClient, until, type RoomClient } from './clients';
import { drain, lostAcked, startPlaybacks } from './load';

const LEARNERS = 120;
const VIEWERS = 6;
let c: Cluster;
beforeAll(async () => {
	c = await startCluster();
}, 120_000);
afterAll(async () => {
	await c?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('kill -9 of instance A: heartbeats and live viewers move to B within 5 s, nothing acknowledged lost', async () => {
	const learners = await seedLearners(c.sql, LEARNERS);
	const lessonId = await seedLesson(c.sql, 3600);
	const hb = await startPlaybacks(c.port, c.url, learners, lessonId);

	const unit = await addUnit(c.sql);
	const lecturer = await addPerson(c.sql, unit, ['lecturer'], '主讲');
	const people = await Promise.all(
		Array.from({ length: VIEWERS }, (_, i) => addPerson(c.sql, unit, ['learner'], `学员${i}`))
	);
	const s = await addSession(c.sql, { lecturerId: lecturer.id, unitIds: [unit] });
	const rooms: RoomClient[] = [await roomClient(c.port, lecturer.cookie, s)];
	for (const p of people) rooms.push(await roomClient(c.port, p.cookie, s));

	// 120 learners, a heartbeat each every 500 ms; a chat line every 600 ms from one of the room
	const beat = setInterval(() => {
		for (const h of hb) {
			h.tick();
			void h.flush();
		}
	}, 500);
	const sent: { body: string; at: number }[] = [];
	const acked = new Set<string>();
	let n = 0;
	const talk = setInterval(() => {
		const i = n++;
		const body = `第${i}条`;
		sent.push({ body, at: Date.now() });
		void rooms[i % rooms.length].room.sendChat(body).then((r) => r.ok && acked.add(body));
	}, 600);
	try {
		await sleep(4000);
		const killedAt = Date.now();
		await c.web[0].kill9();
		await sleep(7000);
		clearInterval(beat);
		clearInterval(talk);
		await drain(hb);

		// learners: every one got an acknowledgement again within 5 s of the kill
		const heartbeatFailover = Math.max(...hb.map((h) => h.recoveredAfter(killedAt)));
		expect(heartbeatFailover).toBeLessThan(5);
		expect(hb.flatMap((h) => h.refused)).toEqual([]);
		expect(hb.every((h) => h.queue.length === 0)).toBe(true);
		expect(await lostAcked(c.sql, hb)).toBe(0);

		// viewers: every room receives a line said 5 s after the kill, and every acknowledged line
		const after = sent.find((m) => m.at > killedAt + 5000 && acked.has(m.body));
		expect(after).toBeDefined();
		for (const r of rooms)
			await until(() => r.room.chat.some((m) => m.body === after!.body), 5000, 'chat after kill');
		await sleep(1500);
		const db = await c.sql<{ id: number; body: string }[]>`
			select id, body from live_chat_messages where session_id = ${s} order by id`;
		const bodies = db.map((m) => m.body);
		expect(new Set(bodies).size).toBe(bodies.length); // nothing stored twice
		for (const b of acked) expect(bodies).toContain(b); // every acknowledged line kept
		for (const r of rooms) {
			const ids = r.room.chat.map((m) => m.id);
			expect(new Set(ids).size).toBe(ids.length);
			expect(new Set(r.broadcastIds).size).toBe(r.broadcastIds.length); // no broadcast twice
			for (const b of acked) expect(r.room.chat.map((m) => m.body)).toContain(b);
		}
		// a viewer joining now (on B) gets the whole history
		const late = await roomClient(c.port, (await addPerson(c.sql, unit)).cookie, s);
		expect(late.room.chat.map((m) => m.id)).toEqual(db.map((m) => m.id));
		late.close();
		console.log(
			JSON.stringify({
				heartbeats_acked: hb.reduce((k, h) => k + h.acked.length, 0),
				heartbeat_failover_s: heartbeatFailover,
				chat_acked: acked.size,
				chat_stored: db.length
			})
		);
	} finally {
		clearInterval(beat);
		clearInterval(talk);
		for (const r of rooms) r.close();
	}
}, 90_000);
