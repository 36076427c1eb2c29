// RTMP ingest for lecturers who use OBS: ffmpeg is the RTMP listener (no
// extra server to install or run: ffmpeg is already required, and its
// listener feeds the same HLS writer as the browser path), behind a small
// TCP gate in Node. Why the gate: ffmpeg's listener accepts ANY stream name
// (it only logs "Unexpected stream"), so it cannot check the per-session
// stream key. The gate forwards bytes both ways and reads the client's
// `publish` command (AMF0: "publish", transaction id, null, stream name); a
// name other than the session's key closes the connection before any media
// flows (media only follows an accepted publish). One listener per session
// on a port from XUEFAN_RTMP_PORTS (default 1935-1939; "off" disables), so
// sessions at the same time do not share a listener. ffmpeg's listener takes
// one connection and exits when it ends: the loop starts a new one (the HLS
// continues with a discontinuity, as after a browser reconnect) until the
// session ends or the lecturer goes back to the browser.
import net from 'node:net';
import type { Db } from '../../db/index.ts';
import { noteMedia } from '../signal.ts';
import { markLive } from '../status.ts';
import { closeIngest, getIngest, openIngest } from './streams.ts';
import { config } from '../../config.js';
import { portRange } from '../../config-parse.js';

const PUBLISH = Buffer.from('\x02\x00\x07publish', 'latin1');
/** Bytes a client may send before its publish command (handshake 3073 + a few commands). */
const MAX_BEFORE_PUBLISH = 64 * 1024;

/** The stream name of the first publish command in `buf`; null while it is not all there. */
export function findPublishName(buf: Buffer): string | null {
	const i = buf.indexOf(PUBLISH);
	if (i < 0) return null;
	let p = i + PUBLISH.length;
	// transaction id: number marker + 8 bytes; then null; then the name string
	if (buf.length < p + 10) return null;
	if (buf[p] !== 0x00) return '';
	p += 9;
	if (buf[p] !== 0x05) return '';
	p += 1;
	if (buf.length < p + 3) return null;
	if (buf[p] !== 0x02) return '';
	const len = buf.readUInt16BE(p + 1);
	if (buf.length < p + 3 + len) return null;
	return buf.subarray(p + 3, p + 3 + len).toString('utf8');
}

/** The configured RTMP ports, or those of a spec like `1935-1939` / `off`. */
export function rtmpPorts(spec?: string): readonly number[] {
	return spec === undefined ? config().rtmpPorts : portRange('XUEFAN_RTMP_PORTS', spec);
}

interface RtmpIngest {
	sessionId: number;
	port: number;
	gate: net.Server;
	internalPort: number;
	stopped: boolean;
	client: net.Socket | null;
}

const holder = globalThis as { __xuefanRtmp?: Map<number, RtmpIngest> };
const active = (holder.__xuefanRtmp ??= new Map());

export const rtmpPort = (sessionId: number): number | null => active.get(sessionId)?.port ?? null;

function listen(server: net.Server, port: number, host: string): Promise<boolean> {
	return new Promise((resolve) => {
		server.once('error', () => resolve(false));
		server.listen(port, host, () => resolve(true));
	});
}

async function freeLoopbackPort(): Promise<number> {
	const probe = net.createServer();
	await listen(probe, 0, '127.0.0.1');
	const { port } = probe.address() as net.AddressInfo;
	await new Promise((r) => probe.close(r));
	return port;
}

/** Opens the session's RTMP listener (or returns the open one); null when every port is taken or RTMP is off. */
export async function startRtmp(
	sql: Db,
	sessionId: number,
	streamKey: string,
	host = '0.0.0.0'
): Promise<{ port: number } | null> {
	const existing = active.get(sessionId);
	if (existing) return { port: existing.port };
	const used = new Set([...active.values()].map((r) => r.port));
	for (const port of rtmpPorts()) {
		if (used.has(port)) continue;
		const r: RtmpIngest = {
			sessionId,
			port,
			gate: net.createServer(),
			internalPort: await freeLoopbackPort(),
			stopped: false,
			client: null
		};
		r.gate.on('connection', (client) => gate(sql, r, streamKey, client));
		if (!(await listen(r.gate, port, host))) continue;
		active.set(sessionId, r);
		void loop(r, streamKey);
		return { port };
	}
	return null;
}

export async function stopRtmp(sessionId: number): Promise<void> {
	const r = active.get(sessionId);
	if (!r) return;
	r.stopped = true;
	active.delete(sessionId);
	r.client?.destroy();
	await new Promise((res) => r.gate.close(() => res(null)));
	if (getIngest(sessionId)?.streamId === 'rtmp') await closeIngest(sessionId);
}

async function loop(r: RtmpIngest, key: string) {
	while (!r.stopped) {
		let ingest;
		try {
			ingest = await openIngest(r.sessionId, 'rtmp', true, [
				'-listen',
				'1',
				'-i',
				`rtmp://127.0.0.1:${r.internalPort}/live/${key}`
			]);
		} catch (e) {
			console.error('live rtmp:', e);
			break;
		}
		await ingest.writer.whenExited();
		// The browser took over (openIngest replaced this one), or the session ended.
		if (getIngest(r.sessionId) !== ingest) break;
		await closeIngest(r.sessionId);
		await new Promise((res) => setTimeout(res, 500));
	}
	if (!r.stopped) await stopRtmp(r.sessionId);
}

/** Connects to the internal listener, retrying while ffmpeg (re)starts (~0.3 s). */
function connectUpstream(port: number, tries = 20): Promise<net.Socket | null> {
	return new Promise((resolve) => {
		const attempt = (left: number) => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => resolve(socket));
			socket.once('error', () => {
				socket.destroy();
				if (left <= 0) resolve(null);
				else setTimeout(() => attempt(left - 1), 200);
			});
		};
		attempt(tries);
	});
}

function gate(sql: Db, r: RtmpIngest, key: string, client: net.Socket) {
	// ffmpeg's listener takes one publisher at a time.
	if (r.client) return client.destroy();
	r.client = client;
	let upstream: net.Socket | null = null;
	const early: Buffer[] = [];
	let verified = false;
	let seen = Buffer.alloc(0);
	let received = 0;
	let closed = false;
	const close = () => {
		closed = true;
		client.destroy();
		upstream?.destroy();
		if (r.client === client) r.client = null;
	};
	client.on('error', close);
	client.on('close', close);
	const forward = (chunk: Buffer) => {
		if (!upstream) return void early.push(chunk);
		if (!upstream.write(chunk)) {
			client.pause();
			upstream.once('drain', () => client.resume());
		}
	};
	client.on('data', (chunk: Buffer) => {
		if (!verified) {
			received += chunk.length;
			seen = Buffer.concat([seen, chunk]).subarray(-16 * 1024);
			const name = findPublishName(seen);
			if (name !== null && name !== key) return close();
			if (name === key) {
				verified = true;
				void markLive(sql, r.sessionId).catch((e) => console.error('live rtmp:', e));
			} else if (received > MAX_BEFORE_PUBLISH) return close();
		}
		// media only follows an accepted publish: what passes now is the signal
		if (verified) noteMedia(sql, r.sessionId, 'rtmp');
		forward(chunk);
	});
	void connectUpstream(r.internalPort).then((socket) => {
		if (!socket || closed) {
			socket?.destroy();
			return close();
		}
		upstream = socket;
		socket.on('error', close);
		socket.on('close', close);
		socket.pipe(client);
		for (const chunk of early.splice(0)) forward(chunk);
	});
}
