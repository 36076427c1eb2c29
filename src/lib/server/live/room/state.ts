// One room server per socket.io server (tests run two in one process): its
// limiters, snapshot readers and coalesced broadcasts.
import type { Db } from '../../db/index.ts';
import { viewerCount } from '../presence.ts';
import { checkinAnswered } from './checkins.ts';
import { Batcher } from './batcher.ts';
import { Coalescer } from './coalescer.ts';
import { rooms } from '../../../api/socket-rooms.ts';
import type { RoomDeps } from './context.ts';
import { roomSnapshot, SnapshotReader } from './history.ts';
import { listPolls } from './polls.ts';
import { voteCounts } from './questions.ts';
import { SlidingWindow } from './rate-limit.ts';
import type { ChatMessage } from '../../../api/live-room.ts';
import { config } from '../../config.js';

export const CHAT_LIMIT = 5;
export const CHAT_WINDOW_MS = 10_000;
export const RESULTS_INTERVAL_MS = 500;
export const VIEWERS_INTERVAL_MS = 5_000;

/** "sessionId:itemId" keys for the coalescers. */
const key = (sessionId: number, id: number) => `${sessionId}:${id}`;
const unkey = (k: string) => k.split(':').map(Number) as [number, number];

export class RoomState {
	readonly chatLimit = new SlidingWindow(CHAT_LIMIT, CHAT_WINDOW_MS);
	readonly questionLimit = new SlidingWindow(CHAT_LIMIT, CHAT_WINDOW_MS);
	private readers = new Map<number, SnapshotReader>();
	private chatOut = new Map<number, Batcher<ChatMessage>>();
	/** local lecturer sockets per session: they get the viewer count */
	readonly lecturers = new Map<number, number>();
	private timers = new Set<ReturnType<typeof setTimeout>>();
	private viewersTimer: ReturnType<typeof setInterval>;

	private polls = new Coalescer<string>(RESULTS_INTERVAL_MS, async (keys) => {
		for (const [sessionId, pollId] of keys.map(unkey)) {
			const [poll] = await listPolls(this.sql(), sessionId, [pollId]);
			if (poll) this.deps.io.to(rooms.live(sessionId)).emit('live:poll:results', poll);
		}
	});
	private votes = new Coalescer<string>(RESULTS_INTERVAL_MS, async (keys) => {
		const bySession = new Map<number, number[]>();
		for (const [s, q] of keys.map(unkey)) bySession.set(s, [...(bySession.get(s) ?? []), q]);
		for (const [sessionId, ids] of bySession) {
			this.deps.io
				.to(rooms.live(sessionId))
				.emit('live:question:votes', { sessionId, votes: await voteCounts(this.sql(), ids) });
		}
	});
	private checkinCounts = new Coalescer<string>(RESULTS_INTERVAL_MS, async (keys) => {
		for (const [sessionId, id] of keys.map(unkey)) {
			const answered = await checkinAnswered(this.sql(), id);
			this.deps.io
				.to(rooms.liveLecturers(sessionId))
				.emit('live:checkin:count', { sessionId, id, answered });
		}
	});

	constructor(readonly deps: RoomDeps) {
		this.viewersTimer = setInterval(() => void this.pushViewerCounts(), VIEWERS_INTERVAL_MS);
		this.viewersTimer.unref?.();
	}

	sql(): Db {
		return this.deps.sql();
	}

	snapshot(sessionId: number) {
		let r = this.readers.get(sessionId);
		if (!r) {
			r = new SnapshotReader(() => roomSnapshot(this.sql(), sessionId));
			this.readers.set(sessionId, r);
		}
		return r.read();
	}

	/** Chat to the room, batched per session: `live:chat:batch` { sessionId, messages }. */
	broadcastChat(sessionId: number, message: ChatMessage) {
		let b = this.chatOut.get(sessionId);
		if (!b) {
			b = new Batcher<ChatMessage>(config().liveChatBatchMs, (messages) =>
				this.deps.io.to(rooms.live(sessionId)).emit('live:chat:batch', { sessionId, messages })
			);
			this.chatOut.set(sessionId, b);
		}
		b.push(message);
	}

	pollAnswered(sessionId: number, pollId: number) {
		this.polls.mark(key(sessionId, pollId));
	}
	voted(sessionId: number, questionId: number) {
		this.votes.mark(key(sessionId, questionId));
	}
	checkedIn(sessionId: number, checkinId: number) {
		this.checkinCounts.mark(key(sessionId, checkinId));
	}

	later(ms: number, fn: () => Promise<void>) {
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn().catch((e) => console.error('live room timer:', e));
		}, ms);
		this.timers.add(t);
	}

	/** Viewer counts from the presence table (all instances), to this instance's lecturer sockets only. */
	async pushViewerCounts() {
		for (const [sessionId, n] of this.lecturers) {
			if (n <= 0) continue;
			try {
				const count = await viewerCount(this.sql(), sessionId);
				this.deps.io.local
					.to(rooms.liveLecturers(sessionId))
					.emit('live:viewers', { sessionId, count });
			} catch (e) {
				console.error('live viewer count:', e);
			}
		}
	}

	stop() {
		clearInterval(this.viewersTimer);
		for (const t of this.timers) clearTimeout(t);
		for (const b of this.chatOut.values()) b.flush();
		this.polls.stop();
		this.votes.stop();
		this.checkinCounts.stop();
	}
}
