// The lecturer's broadcast from the browser: the media (live-media) recorded
// by MediaRecorder in 1 s chunks and pushed to the server's /ingest
// namespace with acknowledgements.
//
// Delivery: chunks are numbered per recorder run (streamId). At most
// IN_FLIGHT are unacknowledged (backpressure: the server acks when ffmpeg's
// pipe took the chunk); unacknowledged ones stay queued. After a reconnect
// the server says whether it still has this run's ffmpeg: if so the queue is
// resent from its nextSeq (no gap); if not (server restart, grace expired)
// the recorder restarts, which the server joins with a discontinuity. A
// queue beyond MAX_QUEUE (a long outage) is dropped and the recorder
// restarted: viewers skip the gap instead of falling ever further behind.
import type { Socket } from 'socket.io-client';
import type {
	IngestChunkReply,
	IngestClientToServerEvents,
	IngestHealth,
	IngestServerToClientEvents,
	IngestStartReply
} from '$lib/api/socket-events';
import { LiveMedia } from './live-media.svelte';
export type BroadcastState =
	'idle' | 'previewing' | 'connecting' | 'live' | 'reconnecting' | 'stopped' | 'failed';

type IngestSocket = Socket<IngestServerToClientEvents, IngestClientToServerEvents>;

const IN_FLIGHT = 3;
const MAX_QUEUE = 30;
const TIMESLICE_MS = 1000;
// Safari (iPhone, iPad) records only MP4: the server reads it as fragmented MP4.
const MIME_CANDIDATES = [
	'video/webm;codecs=h264,opus',
	'video/webm;codecs=avc1,opus',
	'video/webm;codecs=vp8,opus',
	'video/webm',
	'video/mp4;codecs=avc1,mp4a.40.2',
	'video/mp4'
];

interface Queued {
	seq: number;
	blob: Blob;
	sent: boolean;
}

export function pickMimeType(
	isSupported: (t: string) => boolean = (t) => MediaRecorder.isTypeSupported(t)
): string {
	return MIME_CANDIDATES.find((t) => isSupported(t)) ?? 'video/webm';
}

const newStreamId = () => `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

export class LiveBroadcast {
	readonly media = new LiveMedia();
	state = $state<BroadcastState>('idle');
	error = $state<string | null>(null);
	mimeType = $state('');
	sent = $state(0);
	acked = $state(0);
	/** chunks thrown away here (queue overflow) */
	dropped = $state(0);
	queued = $state(0);
	restarts = $state(0);
	server = $state<IngestHealth | null>(null);

	private socket: IngestSocket | null = null;
	private recorder: MediaRecorder | null = null;
	private streamId = '';
	private seq = 0;
	private queue: Queued[] = [];
	private inFlight = 0;
	private ready = false;

	constructor(readonly sessionId: number) {}

	/** Acquires the chosen source and shows it; a running broadcast restarts its recorder on the new tracks. */
	async preview(): Promise<void> {
		if (!(await this.media.acquire())) return;
		if (this.state === 'idle' || this.state === 'stopped' || this.state === 'failed')
			this.state = 'previewing';
		if (this.recorder) this.restartRecorder();
	}

	/** Connects to /ingest and starts recording; the server starts the session on the first start. */
	async goLive(): Promise<void> {
		if (!this.media.stream) await this.preview();
		if (!this.media.stream) return;
		this.state = 'connecting';
		this.mimeType = pickMimeType();
		const { io } = await import('socket.io-client');
		const socket: IngestSocket = io('/ingest', {
			transports: ['websocket'],
			reconnectionDelayMax: 5000
		});
		this.socket = socket;
		socket.on('connect', () => void this.announce());
		socket.on('disconnect', () => {
			this.ready = false;
			this.inFlight = 0;
			for (const q of this.queue) q.sent = false;
			if (this.state === 'live' || this.state === 'connecting') this.state = 'reconnecting';
		});
		socket.on('health', (h) => (this.server = h));
		socket.on('ingest:taken', () => {
			this.fail('taken');
		});
		this.openRecorder();
	}

	/** Stops recording, sends what is left (up to `waitMs`), disconnects. */
	async finish(waitMs = 4000): Promise<void> {
		const rec = this.recorder;
		if (rec && rec.state !== 'inactive') {
			const last = new Promise((r) => rec.addEventListener('stop', r, { once: true }));
			rec.stop();
			await last;
		}
		const until = Date.now() + waitMs;
		while (this.queue.length && this.socket?.connected && Date.now() < until)
			await new Promise((r) => setTimeout(r, 100));
		this.recorder = null;
		this.socket?.disconnect();
		this.socket = null;
		this.state = 'stopped';
	}

	destroy(): void {
		if (this.recorder?.state !== 'inactive') this.recorder?.stop();
		this.recorder = null;
		this.socket?.disconnect();
		this.socket = null;
		this.media.destroy();
	}

	private fail(message: string) {
		this.error = message;
		this.state = 'failed';
		if (this.recorder?.state !== 'inactive') this.recorder?.stop();
		this.recorder = null;
		this.socket?.disconnect();
	}

	private openRecorder() {
		const stream = this.media.stream!;
		const options = {
			mimeType: this.mimeType,
			videoBitsPerSecond: 1_500_000,
			audioBitsPerSecond: 96_000,
			videoKeyFrameIntervalDuration: 2000
		};
		const rec = new MediaRecorder(stream, options as MediaRecorderOptions);
		this.recorder = rec;
		this.streamId = newStreamId();
		this.seq = 0;
		this.queue = [];
		this.inFlight = 0;
		this.queued = 0;
		rec.ondataavailable = (e) => {
			// A replaced recorder's last data belongs to a stream the server no longer reads.
			if (this.recorder !== rec || !e.data.size) return;
			this.queue.push({ seq: this.seq++, blob: e.data, sent: false });
			if (this.queue.length > MAX_QUEUE) {
				this.dropped += this.queue.length;
				this.restartRecorder();
				return;
			}
			this.queued = this.queue.length;
			this.pump();
		};
		rec.start(TIMESLICE_MS);
	}

	private restartRecorder() {
		const old = this.recorder;
		this.recorder = null;
		if (old && old.state !== 'inactive') old.stop();
		this.restarts++;
		this.ready = false;
		this.openRecorder();
		void this.announce();
	}

	/** Tells the server which recorder run this is; resumes or restarts as it answers. */
	private async announce(): Promise<void> {
		const socket = this.socket;
		if (!socket?.connected || !this.recorder) return;
		const streamId = this.streamId;
		let reply: IngestStartReply;
		try {
			reply = await socket
				.timeout(15_000)
				.emitWithAck('start', { sessionId: this.sessionId, mimeType: this.mimeType, streamId });
		} catch {
			return; // the next 'connect' announces again
		}
		if (streamId !== this.streamId) return; // a restart happened meanwhile: it announces itself
		if (reply.error) return this.fail(reply.error);
		const next = reply.nextSeq ?? 0;
		if (!reply.resume && (this.queue[0]?.seq ?? this.seq) !== 0) {
			// The server lost this run (restart, grace over): a new recorder, a new WebM header.
			return this.restartRecorder();
		}
		this.queue = this.queue.filter((q) => q.seq >= next);
		for (const q of this.queue) q.sent = false;
		this.inFlight = 0;
		this.ready = true;
		this.state = 'live';
		this.pump();
	}

	private pump() {
		const socket = this.socket;
		if (!this.ready || !socket?.connected) return;
		for (const item of this.queue) {
			if (this.inFlight >= IN_FLIGHT) break;
			if (item.sent) continue;
			item.sent = true;
			this.inFlight++;
			this.sent++;
			void this.send(socket, item);
		}
	}

	private async send(socket: IngestSocket, item: Queued) {
		const streamId = this.streamId;
		let reply: IngestChunkReply;
		try {
			const data = await item.blob.arrayBuffer();
			reply = await socket.timeout(15_000).emitWithAck('chunk', { seq: item.seq, data });
		} catch {
			item.sent = false;
			this.inFlight = Math.max(0, this.inFlight - 1);
			return; // disconnected: resent after the next announce
		}
		if (streamId !== this.streamId) return;
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (reply.ok) {
			this.acked++;
			this.queue = this.queue.filter((q) => q !== item);
			this.queued = this.queue.length;
			this.pump();
		} else if (reply.error === 'gap' || reply.error === 'restart') {
			this.restartRecorder();
		} else if (reply.error === 'not_started') {
			// A chunk overtook the start after a reconnect: announce again, then resend.
			item.sent = false;
			this.ready = false;
			void this.announce();
		} else {
			this.fail(reply.error ?? 'error');
		}
	}
}
