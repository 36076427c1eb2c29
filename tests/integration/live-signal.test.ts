// The live signal over real socket.io and real ffmpeg: the lecturer's chunks
// on /ingest mark the session on air (room event + live_sessions.media_at);
// ten seconds without media tell the room "signal lost"; media again tells
// "on air"; ending stops the watch. What the console and the viewer page read.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveSignal } from '../../src/lib/api/live-signal';
import { SIGNAL_LOST_MS, signalFrom } from '../../src/lib/api/live-signal';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { endSession } from '../../src/lib/server/live/end';
import { attachIngest } from '../../src/lib/server/live/ingest/socket';
import { getSession } from '../../src/lib/server/live/sessions';
import { ensureDirs } from '../../src/lib/server/media/storage';
import { addPerson, addSession, addUnit, type Person } from './live-fixtures';
import {
	ack,
	clientSocket,
	roomClient,
	startRoomServer,
	until,
	type RoomServer
} from './live-server';
import { tempDir } from './media-helpers';

let t: TestDb;
let server: RoomServer;
let work: string;
let webm: Buffer;
let lecturer: Person;
let learner: Person;
let unit: number;
const previousDir = process.env.XUEFAN_MEDIA_DIR;

beforeAll(async () => {
	t = await createTestSchema();
	work = tempDir('xuefan-signal-');
	process.env.XUEFAN_MEDIA_DIR = path.join(work, 'media');
	await ensureDirs();
	unit = await addUnit(t.sql);
	lecturer = await addPerson(t.sql, unit, ['lecturer'], '主讲');
	learner = await addPerson(t.sql, unit, ['learner'], '学员');
	const file = path.join(work, 'in.webm');
	// 3 s of VP8 + Opus, as a browser's MediaRecorder sends it
	execFileSync('ffmpeg', [
		...['-hide_banner', '-loglevel', 'error', '-y'],
		...['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25'],
		...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
		...['-t', '3', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k'],
		...['-c:a', 'libopus', '-shortest', file]
	]);
	webm = readFileSync(file);
	server = await startRoomServer(t.sql);
	attachIngest(server.io, () => t.sql);
}, 60_000);

afterAll(async () => {
	await server?.close();
	process.env.XUEFAN_MEDIA_DIR = previousDir;
	await rm(work, { recursive: true, force: true });
	await t.drop();
});

function ingestSocket(p: Person): Socket {
	const base = clientSocket(server.port, p.cookie);
	base.close();
	// the /ingest namespace on the same server, with the same cookie
	return (base.io.socket('/ingest') as Socket).connect();
}

async function push(s: Socket, from: number, bytes = webm): Promise<number> {
	let seq = from;
	for (let off = 0; off < bytes.length; off += 32_768)
		expect(await ack(s, 'chunk', { seq, data: bytes.subarray(off, off + 32_768) })).toEqual({
			ok: true,
			seq: seq++
		});
	return seq;
}

const signalOf = async (id: number) => {
	const s = (await getSession(t.sql, id))!;
	return signalFrom(id, s.mediaSource, s.mediaAgeMs);
};

describe('live signal', () => {
	it('tells the room on air, then lost after 10 s without media, then on air again; the session row agrees', async () => {
		const id = await addSession(t.sql, {
			lecturerId: lecturer.id,
			unitIds: [unit],
			status: 'scheduled',
			startedAt: null
		});
		// before any media: not on air
		expect(await signalOf(id)).toEqual({ sessionId: id, onAir: false, source: null });

		const viewer = await roomClient(server.port, learner.cookie, id);
		expect(viewer.room.joined).toBe(true);
		const heard: LiveSignal[] = [];
		viewer.socket.on('live:signal', (e: LiveSignal) => heard.push(e));

		const ingest = ingestSocket(lecturer);
		await until(() => ingest.connected, 8000, 'ingest connect');
		const start = await ack(ingest, 'start', {
			sessionId: id,
			mimeType: 'video/webm;codecs=vp8,opus',
			streamId: 'signal-run-1'
		});
		expect(start).toMatchObject({ ok: true, resume: false });
		// started but no media yet: still not on air (nothing for learners to see)
		expect(heard).toEqual([]);
		const seq = await push(ingest, 0);
		await until(() => heard.length === 1, 5000, 'on-air event');
		expect(heard[0]).toEqual({ sessionId: id, onAir: true, source: 'browser' });
		await new Promise((r) => setTimeout(r, 300)); // the throttled row write
		expect(await signalOf(id)).toEqual({ sessionId: id, onAir: true, source: 'browser' });

		// The lecturer's tab stops sending (closed, network gone): learners are told.
		const stoppedAt = Date.now();
		await until(() => heard.length === 2, SIGNAL_LOST_MS + 5000, 'signal-lost event');
		expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(SIGNAL_LOST_MS - 1500);
		expect(heard[1]).toEqual({ sessionId: id, onAir: false, source: 'browser' });
		expect((await signalOf(id)).onAir).toBe(false);
		expect((await getSession(t.sql, id))!.status).toBe('live'); // still 直播中: that is the point

		// Media again (the same run, as after a reconnect): on air again at once.
		await push(ingest, seq, webm.subarray(0, 32_768 * 2));
		await until(() => heard.length === 3, 5000, 'on-air again');
		expect(heard[2]).toEqual({ sessionId: id, onAir: true, source: 'browser' });

		// Ended: no "signal lost" afterwards.
		ingest.close();
		await endSession(t.sql, lecturer, id);
		await new Promise((r) => setTimeout(r, SIGNAL_LOST_MS + 1500));
		expect(heard.filter((e) => !e.onAir)).toHaveLength(1);
		viewer.close();
	}, 60_000);
});
