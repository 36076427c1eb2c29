// The `/ingest` socket.io namespace: the lecturer's browser pushes
// MediaRecorder chunks here. Authenticated through the request edge
// (realtime/socket-auth.ts); only the session's lecturer (or an admin) may start
// an input. Each chunk is acknowledged once ffmpeg's pipe took it, so the
// browser keeps a few in flight (backpressure) and resends what was not
// acknowledged after a reconnect. Floods, oversized or malformed chunks and
// repeated refused events disconnect the socket.
import type { Server } from 'socket.io';
import type { IngestChunkReply, IngestStartReply } from '../../../api/socket-events.ts';
import { db, type Db } from '../../db/index.ts';
import { socketAuthenticator } from '../../realtime/socket-auth.ts';
import type { IngestNamespace, IngestSocket } from '../../realtime/types.ts';
import { onShutdown } from '../../shutdown.ts';
import { roleInSession } from '../audience.ts';
import { writeEndList } from '../end.ts';
import { getSession } from '../sessions.ts';
import { noteMedia } from '../signal.ts';
import { markLive } from '../status.ts';
import { inputArgs, MAX_STRIKES, parseChunk, parseStart, sendsH264, TokenBucket } from './flood.ts';
import {
	closeAllIngests,
	closeIngest,
	getIngest,
	ingestHealth,
	openIngest,
	recordChunk,
	type Ingest
} from './streams.ts';

/** How long an input waits for its lecturer to come back before ffmpeg is finished. */
export const GRACE_MS = 30_000;

type Ack = (reply: IngestStartReply & IngestChunkReply) => void;

let attached: IngestNamespace | undefined;

export function attachIngest(io: Server, sql: () => Db = db): IngestNamespace {
	// server/socket.js (plain JS) creates the server; the namespace's contract applies from here on.
	const ns = io.of('/ingest') as unknown as IngestNamespace;
	if (attached === ns) return ns;
	attached = ns;
	ns.use(socketAuthenticator(sql));
	ns.on('connection', (socket) => handle(socket, sql));
	onShutdown(() => closeAllIngests());
	return ns;
}

function handle(socket: IngestSocket, sql: () => Db) {
	const bucket = new TokenBucket();
	let strikes = 0;
	let current: Ingest | null = null;
	let health: ReturnType<typeof setInterval> | null = null;

	const strike = (ack: unknown, error: string) => {
		if (typeof ack === 'function') (ack as Ack)({ error });
		if (++strikes >= MAX_STRIKES) socket.disconnect(true);
	};
	const mine = () =>
		current && getIngest(current.sessionId) === current && current.socketId === socket.id
			? current
			: null;

	socket.on('start', async (payload: unknown, ack: unknown) => {
		if (typeof ack !== 'function') return strike(null, 'malformed');
		if (!bucket.take()) return socket.disconnect(true);
		const start = parseStart(payload);
		if (!start) return strike(ack, 'malformed');
		const user = socket.data.user;
		const role = await roleInSession(sql(), user, start.sessionId);
		if (role !== 'lecturer') return strike(ack, 'forbidden');
		const session = await getSession(sql(), start.sessionId);
		if (!session || (session.status !== 'scheduled' && session.status !== 'live'))
			return (ack as Ack)({ error: 'not_open' });

		let ingest = getIngest(start.sessionId);
		const resume = !!ingest && ingest.streamId === start.streamId && ingest.writer.alive;
		if (!resume) {
			try {
				ingest = await openIngest(
					start.sessionId,
					start.streamId,
					sendsH264(start.mimeType),
					inputArgs(start.mimeType)
				);
				console.log(
					`live: session ${start.sessionId} input ${start.mimeType} (${sendsH264(start.mimeType) ? 'video copied' : 'video transcoded'})`
				);
			} catch (e) {
				console.error('live ingest:', e);
				return (ack as Ack)({ error: 'ffmpeg' });
			}
		}
		const taken = ingest!;
		// Another tab or a dead connection fed it: this socket takes over.
		if (taken.socketId && taken.socketId !== socket.id) {
			const previous = socket.nsp.sockets.get(taken.socketId);
			previous?.emit('ingest:taken');
			previous?.disconnect(true);
		}
		if (taken.graceTimer) clearTimeout(taken.graceTimer);
		taken.graceTimer = null;
		taken.socketId = socket.id;
		current = taken;
		await markLive(sql(), start.sessionId);
		health ??= setInterval(() => {
			const i = mine();
			if (i) socket.emit('health', ingestHealth(i));
		}, 2000);
		(ack as Ack)({
			ok: true,
			resume,
			nextSeq: taken.nextSeq,
			copyVideo: sendsH264(start.mimeType)
		});
	});

	socket.on('chunk', async (payload: unknown, ack: unknown) => {
		if (!bucket.take()) return socket.disconnect(true);
		if (typeof ack !== 'function') return strike(null, 'malformed');
		const ingest = mine();
		if (!ingest) return strike(ack, 'not_started');
		const chunk = parseChunk(payload);
		if (chunk === 'too_large') return socket.disconnect(true);
		if (chunk === 'malformed') return strike(ack, 'malformed');
		// Already written (a resend after a lost ack): acknowledge, do not write twice.
		if (chunk.seq < ingest.nextSeq) return (ack as Ack)({ ok: true, seq: chunk.seq });
		if (chunk.seq > ingest.nextSeq) {
			ingest.dropped++;
			return (ack as Ack)({ error: 'gap', nextSeq: ingest.nextSeq });
		}
		ingest.nextSeq++;
		try {
			await ingest.writer.write(chunk.data);
			recordChunk(ingest, chunk.data.length);
			noteMedia(sql(), ingest.sessionId, 'browser');
			(ack as Ack)({ ok: true, seq: chunk.seq });
		} catch {
			// ffmpeg quit (e.g. unreadable input): the browser restarts its recorder.
			ingest.dropped++;
			(ack as Ack)({ error: 'restart' });
		}
	});

	socket.on('disconnect', () => {
		if (health) clearInterval(health);
		const ingest = mine();
		if (!ingest) return;
		ingest.socketId = null;
		// The lecturer's network dropped: keep ffmpeg waiting for the resend.
		ingest.graceTimer = setTimeout(() => {
			if (getIngest(ingest.sessionId) !== ingest || ingest.socketId) return;
			void closeIngest(ingest.sessionId)
				.then(async () => {
					// Ended meanwhile on another instance: ffmpeg's last rewrite of the playlist dropped its ENDLIST.
					if ((await getSession(sql(), ingest.sessionId))?.status === 'ended')
						await writeEndList(ingest.sessionId);
				})
				.catch((e) => console.error('live ingest:', e));
		}, GRACE_MS);
	});
}
