// Live sessions (L1): scheduling validation, who sees which session, the
// /ingest namespace (only the lecturer pushes; floods and junk disconnect),
// real ffmpeg turning WebM chunks into live HLS across a reconnect, signed
// serving, ending (ENDLIST, replay asset + lesson) and the reminder.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessions } from '../../src/lib/server/auth/index.ts';
import type { SessionUser } from '../../src/lib/server/auth/types.ts';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema.ts';
import { endSession } from '../../src/lib/server/live/end.ts';
import { LiveError } from '../../src/lib/server/live/errors.ts';
import { rtmpPort, startRtmp, stopRtmp } from '../../src/lib/server/live/ingest/rtmp.ts';
import { attachIngest } from '../../src/lib/server/live/ingest/socket.ts';
import { removeReplayedLiveDirs, sendDueReminders } from '../../src/lib/server/live/jobs.ts';
import { liveDir } from '../../src/lib/server/live/paths.ts';
import { serveLive, signedLiveUrl } from '../../src/lib/server/live/serve.ts';
import {
	cancelSession,
	createSession,
	getSession,
	listSessionsFor,
	updateSession
} from '../../src/lib/server/live/sessions.ts';
import { ensureDirs } from '../../src/lib/server/media/storage.ts';
import { initMediaSecret } from '../../src/lib/server/media/signing.ts';
import { addUser } from './progress-fixtures.ts';
import { tempDir } from './media-helpers.ts';

let t: TestDb;
let work: string;
let webm: Buffer;
let server: http.Server;
let io: Server;
let port: number;
const previousDir = process.env.XUEFAN_MEDIA_DIR;
const units: Record<string, number> = {};
let lecturer: SessionUser,
	other: SessionUser,
	admin: SessionUser,
	inside: SessionUser,
	outside: SessionUser,
	byProgramme: SessionUser;

async function unit(name: string, parent: number | null): Promise<number> {
	const [u] =
		await t.sql`insert into org_units (name, kind, parent_id) values (${name}, 'township', ${parent}) returning id`;
	await t.sql`
		insert into org_closure (ancestor_id, descendant_id, depth)
		select ancestor_id, ${u.id}::int, depth + 1 from org_closure where descendant_id = ${parent}
		union all select ${u.id}::int, ${u.id}::int, 0`;
	return u.id;
}

/** A datetime-local text `minutes` from now in UTC (tzOffset 0). */
const local = (minutes: number) =>
	new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16);
const form = (over: Record<string, unknown> = {}) => ({
	title: '学习二十大精神直播',
	description: '',
	startsAt: local(60),
	tzOffset: '0',
	expectedMinutes: '60',
	creditHours: '1',
	unitIds: [String(units.county)],
	...over
});

beforeAll(async () => {
	t = await createTestSchema();
	work = tempDir('xuefan-live-test-');
	process.env.XUEFAN_MEDIA_DIR = path.join(work, 'media');
	await ensureDirs();
	await initMediaSecret(t.sql);
	units.county = await unit('测试县', null);
	units.town = await unit('测试镇', units.county);
	units.elsewhere = await unit('别的县', null);
	lecturer = await addUser(t.sql, units.county, ['lecturer']);
	other = await addUser(t.sql, units.county, ['lecturer']);
	admin = await addUser(t.sql, units.elsewhere, ['admin']);
	inside = await addUser(t.sql, units.town);
	outside = await addUser(t.sql, units.elsewhere);
	byProgramme = await addUser(t.sql, units.elsewhere);
	// 6 s of VP8 + Opus, as a browser's MediaRecorder would send it
	const file = path.join(work, 'in.webm');
	execFileSync('ffmpeg', [
		'-hide_banner',
		'-loglevel',
		'error',
		'-y',
		'-f',
		'lavfi',
		'-i',
		'testsrc=size=320x240:rate=25',
		'-f',
		'lavfi',
		'-i',
		'sine=frequency=440:sample_rate=48000',
		'-t',
		'6',
		'-c:v',
		'libvpx',
		'-deadline',
		'realtime',
		'-cpu-used',
		'8',
		'-b:v',
		'300k',
		'-c:a',
		'libopus',
		'-shortest',
		file
	]);
	webm = readFileSync(file);
	server = http.createServer();
	io = new Server(server, { serveClient: false });
	attachIngest(io, () => t.sql);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	port = (server.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
	io?.close();
	server?.close();
	process.env.XUEFAN_MEDIA_DIR = previousDir;
	await rm(work, { recursive: true, force: true });
	await t.drop();
});

const code = async (p: Promise<unknown>) => {
	try {
		await p;
	} catch (e) {
		if (e instanceof LiveError) return e.code;
		throw e;
	}
	return 'ok';
};

describe('scheduling', () => {
	it('refuses bad input with a specific code and writes nothing', async () => {
		expect(await code(createSession(t.sql, lecturer, form({ title: '  ' })))).toBe('title_empty');
		expect(await code(createSession(t.sql, lecturer, form({ title: 'x'.repeat(201) })))).toBe(
			'title_too_long'
		);
		expect(await code(createSession(t.sql, lecturer, form({ startsAt: '2026-02-31T10:00' })))).toBe(
			'starts_invalid'
		);
		expect(await code(createSession(t.sql, lecturer, form({ startsAt: 'tomorrow' })))).toBe(
			'starts_invalid'
		);
		expect(await code(createSession(t.sql, lecturer, form({ startsAt: local(-60) })))).toBe(
			'starts_past'
		);
		expect(await code(createSession(t.sql, lecturer, form({ expectedMinutes: '4' })))).toBe(
			'minutes_invalid'
		);
		expect(await code(createSession(t.sql, lecturer, form({ expectedMinutes: '601' })))).toBe(
			'minutes_invalid'
		);
		expect(await code(createSession(t.sql, lecturer, form({ creditHours: '-1' })))).toBe(
			'credit_invalid'
		);
		expect(await code(createSession(t.sql, lecturer, form({ unitIds: [] })))).toBe(
			'audience_empty'
		);
		expect(await code(createSession(t.sql, lecturer, form({ unitIds: ['999999'] })))).toBe(
			'unit_invalid'
		);
		expect(await code(createSession(t.sql, lecturer, form({ unitIds: ['1;drop'] })))).toBe(
			'unit_invalid'
		);
		expect(await code(createSession(t.sql, lecturer, form({ programmeId: '999999' })))).toBe(
			'programme_invalid'
		);
		expect(await code(createSession(t.sql, lecturer, form({ courseId: '999999' })))).toBe(
			'course_invalid'
		);
		// a lecturer schedules only their own sessions; an admin must name a lecturer
		expect(await code(createSession(t.sql, lecturer, form({ lecturerId: String(other.id) })))).toBe(
			'lecturer_invalid'
		);
		expect(await code(createSession(t.sql, admin, form()))).toBe('lecturer_invalid');
		expect(await code(createSession(t.sql, admin, form({ lecturerId: String(inside.id) })))).toBe(
			'lecturer_invalid'
		);
		const [{ n }] = await t.sql`select count(*)::int as n from live_sessions`;
		expect(n).toBe(0);
	});

	it('creates, edits while scheduled, and cancels', async () => {
		const id = await createSession(
			t.sql,
			admin,
			form({ lecturerId: String(lecturer.id), title: '要取消的直播' })
		);
		expect((await getSession(t.sql, id))?.lecturerId).toBe(lecturer.id);
		expect(await code(updateSession(t.sql, other, id, form({ title: '别人的' })))).toBe(
			'not_found'
		);
		await updateSession(
			t.sql,
			lecturer,
			id,
			form({ title: '改过的标题', unitIds: [String(units.town)] })
		);
		const s = await getSession(t.sql, id);
		expect([s?.title, s?.unitIds]).toEqual(['改过的标题', [units.town]]);
		expect(await code(cancelSession(t.sql, other, id))).toBe('not_found');
		await cancelSession(t.sql, lecturer, id);
		expect((await getSession(t.sql, id))?.status).toBe('cancelled');
		expect(await code(updateSession(t.sql, lecturer, id, form()))).toBe('not_editable');
	});
});

describe('audience listing', () => {
	it('shows a session to its subtree, its programme, its lecturer and admins only', async () => {
		const [p] = await t.sql`
			insert into programmes (title, status, starts_at, deadline) values ('专题', 'published', now(), now() + interval '30 days') returning id`;
		await t.sql`insert into programme_assignments (programme_id, user_id, unit_id) values (${p.id}, ${byProgramme.id}, ${units.elsewhere})`;
		const id = await createSession(
			t.sql,
			lecturer,
			form({ title: '受众测试', programmeId: String(p.id) })
		);
		const sees = async (u: SessionUser) =>
			(await listSessionsFor(t.sql, u)).upcoming.some((s) => s.id === id);
		expect(await sees(inside)).toBe(true);
		expect(await sees(byProgramme)).toBe(true);
		expect(await sees(lecturer)).toBe(true);
		expect(await sees(admin)).toBe(true);
		expect(await sees(outside)).toBe(false);
		expect(await sees(other)).toBe(true); // same county as the audience
		await t.sql`update programme_assignments set removed_at = now() where user_id = ${byProgramme.id}`;
		expect(await sees(byProgramme)).toBe(false);
	});
});

function client(user: SessionUser): Promise<Socket> {
	return sessions.create(t.sql, user.id).then(
		(token) =>
			new Promise((resolve, reject) => {
				const s = connect(`http://127.0.0.1:${port}/ingest`, {
					transports: ['websocket'],
					extraHeaders: { cookie: `session=${token}` },
					reconnection: false
				});
				s.once('connect', () => resolve(s));
				s.once('connect_error', reject);
			})
	);
}

const emit = (s: Socket, event: string, payload: unknown) =>
	s.timeout(20_000).emitWithAck(event, payload) as Promise<{
		ok?: boolean;
		error?: string;
		resume?: boolean;
		nextSeq?: number;
	}>;

/** Sends the WebM in 32 KB chunks from `seq`; returns the next seq. */
async function push(s: Socket, from = 0): Promise<number> {
	let seq = from;
	for (let off = 0; off < webm.length; off += 32_768) {
		const reply = await emit(s, 'chunk', { seq, data: webm.subarray(off, off + 32_768) });
		expect(reply).toEqual({ ok: true, seq });
		seq++;
	}
	return seq;
}

const playlist = (id: number) => readFileSync(path.join(liveDir(id), 'index.m3u8'), 'utf8');
async function waitFor(check: () => boolean, ms = 30_000) {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error('timed out');
		await new Promise((r) => setTimeout(r, 200));
	}
}
const disconnected = (s: Socket) =>
	new Promise<void>((r) => (s.connected ? s.once('disconnect', () => r()) : r()));

describe('ingest → ffmpeg → live HLS → end → replay', () => {
	let id: number;
	beforeAll(async () => {
		id = await createSession(t.sql, lecturer, form({ title: '推流测试', startsAt: local(0) }));
	});

	it('refuses a viewer and a stranger, and disconnects a chunk flood from them', async () => {
		const viewer = await client(inside);
		expect(
			await emit(viewer, 'start', {
				sessionId: id,
				mimeType: 'video/webm;codecs=vp8,opus',
				streamId: 'abcdefgh1'
			})
		).toEqual({ error: 'forbidden' });
		expect(await emit(viewer, 'start', { sessionId: 'x' })).toEqual({ error: 'malformed' });
		const gone = disconnected(viewer);
		for (let i = 0; i < 5; i++) viewer.emit('chunk', { seq: i, data: Buffer.alloc(10) }, () => {});
		await gone;
		const stranger = await client(outside);
		const gone2 = disconnected(stranger);
		for (let i = 0; i < 100; i++) stranger.emit('chunk', { seq: i, data: Buffer.alloc(10) });
		await gone2;
		expect(existsSync(liveDir(id))).toBe(false);
		expect((await getSession(t.sql, id))?.status).toBe('scheduled');
	});

	it('writes a live playlist with 2 s segments from the lecturer’s chunks, continuing after a reconnect', async () => {
		const s1 = await client(lecturer);
		expect(
			await emit(s1, 'start', {
				sessionId: id,
				mimeType: 'video/webm;codecs=vp8,opus',
				streamId: 'stream-one'
			})
		).toMatchObject({ ok: true, resume: false, nextSeq: 0 });
		expect((await getSession(t.sql, id))?.status).toBe('live');
		const next = await push(s1);
		// a gap is refused (the browser restarts its recorder), a resend is acknowledged once
		expect(await emit(s1, 'chunk', { seq: next + 5, data: Buffer.alloc(10) })).toEqual({
			error: 'gap',
			nextSeq: next
		});
		expect(await emit(s1, 'chunk', { seq: 0, data: webm.subarray(0, 32_768) })).toEqual({
			ok: true,
			seq: 0
		});
		// the connection drops; within the grace period the same recorder resumes where it was
		s1.disconnect();
		const s2 = await client(lecturer);
		expect(
			await emit(s2, 'start', {
				sessionId: id,
				mimeType: 'video/webm;codecs=vp8,opus',
				streamId: 'stream-one'
			})
		).toMatchObject({ ok: true, resume: true, nextSeq: next });
		// a new recorder (new WebM header): a new ffmpeg appends with a discontinuity
		expect(
			await emit(s2, 'start', {
				sessionId: id,
				mimeType: 'video/webm;codecs=vp8,opus',
				streamId: 'stream-two'
			})
		).toMatchObject({ ok: true, resume: false, nextSeq: 0 });
		await waitFor(() => existsSync(path.join(liveDir(id), 'seg_2.ts')));
		await push(s2);
		s2.disconnect();
		const s3 = await client(lecturer);
		expect(
			await emit(s3, 'start', {
				sessionId: id,
				mimeType: 'video/webm;codecs=vp8,opus',
				streamId: 'stream-three'
			})
		).toMatchObject({ ok: true, resume: false });
		await waitFor(() => (playlist(id).match(/seg_\d+\.ts/g) ?? []).length >= 5);
		const text = playlist(id);
		expect(text).toContain('#EXT-X-TARGETDURATION:2');
		expect(text).toMatch(/#EXT-X-DISCONTINUITY\n#EXTINF:[\d.]+,\nseg_3\.ts/);
		expect(text).not.toContain('#EXT-X-ENDLIST');
		s3.disconnect();
	}, 90_000);

	it('serves the live playlist only with a valid signature, never cached, children signed', async () => {
		const url = new URL(signedLiveUrl(id, inside.id), 'http://x');
		const ok = await serveLive(id, 'index.m3u8', url);
		expect(ok.status).toBe(200);
		expect(ok.headers.get('cache-control')).toBe('no-store');
		const body = await ok.text();
		const seg = body.split('\n').find((l) => l.startsWith('seg_'))!;
		expect(seg).toContain('&s=');
		const segRes = await serveLive(id, seg.split('?')[0], new URL(`http://x/${seg}`));
		expect([segRes.status, segRes.headers.get('content-type')]).toEqual([200, 'video/mp2t']);
		expect((await serveLive(id, 'index.m3u8', new URL('http://x/'))).status).toBe(403);
		expect((await serveLive(id + 1, 'index.m3u8', url)).status).toBe(403);
		expect((await serveLive(id, '../../etc/passwd', url)).status).toBe(404);
	});

	it('ends: ENDLIST, status ended, the replay lesson in a replay course with the recording as an asset', async () => {
		expect(await code(endSession(t.sql, other, id))).toBe('not_found');
		const ended = await endSession(t.sql, lecturer, id, {
			target: 'new',
			publish: 'on',
			everyone: 'on'
		});
		expect(ended.status).toBe('ended');
		expect(playlist(id).trim().endsWith('#EXT-X-ENDLIST')).toBe(true);
		expect(ended.replayLessonId).not.toBeNull();
		const [lesson] = await t.sql`
			select l.title, l.media_id, c.status, c.title as course, a.status as asset, a.duration_seconds::float8 as duration
			from lessons l join courses c on c.id = l.course_id join media_assets a on a.id = l.media_id where l.id = ${ended.replayLessonId}`;
		expect(lesson.title).toBe('回放：推流测试');
		expect(lesson.course).toBe('推流测试（直播回放）');
		expect(lesson.status).toBe('published');
		expect(lesson.asset).toBe('validated'); // queued for the HLS ladder
		expect(lesson.duration).toBeGreaterThan(8);
		const [{ n }] =
			await t.sql`select count(*)::int as n from course_lecturers where user_id = ${lecturer.id}`;
		expect(n).toBe(1);
		expect(await code(endSession(t.sql, lecturer, id))).toBe('not_live');
		// the live segments stay an hour for late viewers, then the replay asset is the recording
		expect(await removeReplayedLiveDirs(t.sql)).toEqual([]);
		expect(existsSync(liveDir(id))).toBe(true);
		expect(await removeReplayedLiveDirs(t.sql, -1)).toContain(id);
		expect(existsSync(liveDir(id))).toBe(false);
		// an ended session takes no more input
		const s = await client(lecturer);
		expect(
			await emit(s, 'start', {
				sessionId: id,
				mimeType: 'video/webm;codecs=vp8,opus',
				streamId: 'late-stream'
			})
		).toEqual({ error: 'not_open' });
		s.disconnect();
	}, 60_000);
});

describe('Safari’s fragmented MP4', () => {
	it('is read as MP4 and its H.264 copied into the live HLS', async () => {
		const file = path.join(work, 'safari.mp4');
		execFileSync('ffmpeg', [
			'-hide_banner',
			'-loglevel',
			'error',
			'-y',
			'-f',
			'lavfi',
			'-i',
			'testsrc=size=320x240:rate=25',
			'-f',
			'lavfi',
			'-i',
			'sine=frequency=440:sample_rate=48000',
			'-t',
			'5',
			'-c:v',
			'libx264',
			'-preset',
			'ultrafast',
			'-g',
			'25',
			'-pix_fmt',
			'yuv420p',
			'-c:a',
			'aac',
			'-movflags',
			'frag_keyframe+empty_moov+default_base_moof',
			'-shortest',
			file
		]);
		const mp4 = readFileSync(file);
		const id = await createSession(
			t.sql,
			lecturer,
			form({ title: 'iPad 推流', startsAt: local(0) })
		);
		const s = await client(lecturer);
		expect(
			await emit(s, 'start', { sessionId: id, mimeType: 'video/mp4', streamId: 'safari-run' })
		).toMatchObject({ ok: true, copyVideo: true });
		let seq = 0;
		for (let off = 0; off < mp4.length; off += 32_768)
			expect(
				await emit(s, 'chunk', { seq: seq++, data: mp4.subarray(off, off + 32_768) })
			).toMatchObject({ ok: true });
		await waitFor(() => existsSync(path.join(liveDir(id), 'seg_1.ts')));
		s.disconnect();
		await endSession(t.sql, lecturer, id);
	}, 60_000);
});

describe('reminder', () => {
	it('notifies the audience and the lecturer once, shortly before the start', async () => {
		const soon = await createSession(
			t.sql,
			lecturer,
			form({ title: '马上开始', startsAt: local(10), unitIds: [String(units.town)] })
		);
		await createSession(t.sql, lecturer, form({ title: '明天', startsAt: local(24 * 60) }));
		const sent = await sendDueReminders(t.sql);
		const rows =
			await t.sql`select user_id, link from notifications where kind = 'live_starting' order by user_id`;
		expect(rows.map((r) => r.user_id).sort()).toEqual([lecturer.id, inside.id].sort());
		expect(rows[0].link).toBe(`/live/${soon}`);
		expect(sent).toBe(2);
		expect(await sendDueReminders(t.sql)).toBe(0);
	});
});

describe('demo seed', () => {
	it('schedules a session for the demo county that its learners see and the demo lecturer can start', async () => {
		const { seedDemoLive } = await import('../../src/lib/server/seed/live.ts');
		const root = await unit('昌吉州', null);
		const county = await unit('呼图壁县', root);
		const village = await unit('五工台村', county);
		const [lec] = await t.sql`
			insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password)
			values ('lecturer', '张明远', ${county}, 'general', ${['lecturer', 'learner']}, false) returning id`;
		const learner = await addUser(t.sql, village);
		const id = await seedDemoLive(t.sql);
		expect(id).not.toBeNull();
		const s = await getSession(t.sql, id!);
		expect([s?.status, s?.lecturerId]).toEqual(['scheduled', lec.id]);
		expect((await listSessionsFor(t.sql, learner)).upcoming.map((x) => x.id)).toContain(id);
	});
});

describe('RTMP ingest (OBS)', () => {
	const push = (url: string) =>
		new Promise<number>((resolve) => {
			const args = [
				'-hide_banner',
				'-loglevel',
				'error',
				'-f',
				'lavfi',
				'-i',
				'testsrc=size=320x240:rate=25',
				'-f',
				'lavfi',
				'-i',
				'sine=frequency=440',
				'-t',
				'5',
				'-c:v',
				'libx264',
				'-preset',
				'ultrafast',
				'-g',
				'50',
				'-pix_fmt',
				'yuv420p',
				'-c:a',
				'aac',
				'-f',
				'flv',
				url
			];
			execFile('ffmpeg', args, { timeout: 30_000 }, (e) =>
				resolve(e ? ((e as { code?: number }).code ?? 1) : 0)
			);
		});

	it('accepts a push only with the session’s stream key and writes the same live HLS', async () => {
		const previous = process.env.XUEFAN_RTMP_PORTS;
		const base = 19400 + Math.floor(Math.random() * 500);
		process.env.XUEFAN_RTMP_PORTS = `${base}-${base + 4}`;
		const id = await createSession(
			t.sql,
			lecturer,
			form({ title: 'OBS 推流', startsAt: local(0) })
		);
		const key = (await getSession(t.sql, id))!.streamKey;
		try {
			const opened = await startRtmp(t.sql, id, key, '127.0.0.1');
			expect(opened?.port).toBeGreaterThanOrEqual(base);
			expect(rtmpPort(id)).toBe(opened!.port);
			expect(await push(`rtmp://127.0.0.1:${opened!.port}/live/not-the-key`)).not.toBe(0);
			// had the media gone through, the listener would have written a segment by now
			await new Promise((r) => setTimeout(r, 2000));
			expect(existsSync(path.join(liveDir(id), 'seg_0.ts'))).toBe(false);
			expect((await getSession(t.sql, id))?.status).toBe('scheduled');
			// a refused push is no signal: the console must not call it on air
			expect((await getSession(t.sql, id))?.mediaSource).toBeNull();
			expect(await push(`rtmp://127.0.0.1:${opened!.port}/live/${key}`)).toBe(0);
			await waitFor(() => existsSync(path.join(liveDir(id), 'seg_1.ts')));
			const live = (await getSession(t.sql, id))!;
			expect(live.status).toBe('live');
			// what the console shows as 「正在通过 OBS（RTMP）推流」
			expect(live.mediaSource).toBe('rtmp');
			expect(live.mediaAgeMs).toBeLessThan(10_000);
		} finally {
			await stopRtmp(id);
			process.env.XUEFAN_RTMP_PORTS = previous;
		}
		expect(rtmpPort(id)).toBeNull();
	}, 90_000);
});
