// The browser side of a live room: joins over the page's socket (websocket),
// loads the history, merges live events by server id (live-room-merge.ts:
// nothing shows twice), and re-joins on every fresh connection.
// A recovered connection (socket.recovered) keeps its rooms on the server and
// gets the missed packets replayed, so it does not re-join.
import type {
	ChatMessage,
	Checkin,
	History,
	LiveStatus,
	Mine,
	Person,
	Poll,
	Question
} from '$lib/api/live-room';
import type { ServerToClientEvents } from '$lib/api/socket-events';
import { emitRoom, type ActionResult, type Acked, type Emitted, type Sent } from './live-room-emit';
import { mergeChat, mergePolls, mergeQuestions, mergeVotes } from './live-room-merge';
import { personalSocket, type PageSocket } from './socket';

export type { ActionResult };
export type RoomRole = 'lecturer' | 'viewer';
type Received<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

const WATCHING_MS = 60_000;

/** A running check-in with its local deadline (performance.now() based: immune to clock skew). */
export type LocalCheckin = Checkin & { deadline: number };

export class LiveRoom {
	connected = $state(false);
	joined = $state(false);
	role = $state<RoomRole | null>(null);
	userId = $state(0);
	status = $state<LiveStatus>('scheduled');
	chat = $state<ChatMessage[]>([]);
	questions = $state<Question[]>([]);
	polls = $state<Poll[]>([]);
	checkin = $state<LocalCheckin | null>(null);
	mine = $state<Mine>({
		pollAnswers: {},
		checkins: [],
		votes: [],
		handRaised: false,
		muted: false
	});
	hands = $state<Person[]>([]);
	mutes = $state<Person[]>([]);
	viewers = $state(0);
	checkinAnswered = $state(0);
	/** why joining failed (not in the audience, signed out…), in the UI language */
	joinError = $state<string | null>(null);
	/** how many times the room was (re-)joined; tests read it */
	joins = 0;

	private socket: PageSocket | null = null;
	private offs: (() => void)[] = [];
	private stopped = false;
	private watchTimer: ReturnType<typeof setInterval> | undefined;

	constructor(
		readonly sessionId: number,
		private getSocket: () => Promise<PageSocket> = personalSocket
	) {}

	async start(): Promise<void> {
		const socket = await this.getSocket();
		if (this.stopped) return;
		this.socket = socket;
		const on = <E extends keyof ServerToClientEvents>(event: E, fn: (p: Received<E>) => void) => {
			const h = (p: Received<E>) => {
				if (p && typeof p === 'object' && 'sessionId' in p && p.sessionId !== this.sessionId)
					return;
				fn(p);
			};
			// socket.io's listener types do not narrow over a generic event name.
			socket.on(event, h as never);
			this.offs.push(() => socket.off(event, h as never));
		};
		const onConnect = () => {
			this.connected = true;
			if (!socket.recovered || !this.joined) void this.join();
		};
		const onDisconnect = () => (this.connected = false);
		socket.on('connect', onConnect);
		socket.on('disconnect', onDisconnect);
		this.offs.push(
			() => socket.off('connect', onConnect),
			() => socket.off('disconnect', onDisconnect)
		);
		on('live:chat:batch', ({ messages }) => this.addChat(messages));
		on('live:chat:deleted', ({ id }) => (this.chat = this.chat.filter((c) => c.id !== id)));
		on('live:question', (q) => this.upsertQuestions([q]));
		on('live:question:votes', ({ votes }) => (this.questions = mergeVotes(this.questions, votes)));
		on(
			'live:question:answered',
			({ id }) =>
				(this.questions = this.questions.map((q) => (q.id === id ? { ...q, answered: true } : q)))
		);
		on('live:poll', (p) => this.upsertPolls([p]));
		on('live:poll:results', (p) => this.upsertPolls([p]));
		on('live:checkin', (c) => this.setCheckin(c));
		on('live:checkin:closed', ({ id, answered }) => {
			if (this.checkin?.id === id) this.checkin = { ...this.checkin, deadline: 0 };
			this.checkinAnswered = answered;
		});
		on('live:checkin:count', ({ answered }) => (this.checkinAnswered = answered));
		on('live:hands', ({ hands }) => (this.hands = hands));
		on('live:mutes', ({ mutes }) => (this.mutes = mutes));
		on('live:viewers', ({ count }) => (this.viewers = count));
		on('live:self', (s) => {
			if (s.muted !== undefined) this.mine.muted = s.muted;
			if (s.handRaised !== undefined) this.mine.handRaised = s.handRaised;
		});
		on('live:status', ({ status }) => (this.status = status));
		if (socket.connected) onConnect();
		this.watchTimer = setInterval(() => {
			const visible = typeof document === 'undefined' || document.visibilityState === 'visible';
			if (this.joined && this.role === 'viewer' && visible) void this.emit('live:watching', {});
		}, WATCHING_MS);
	}

	stop(): void {
		this.stopped = true;
		clearInterval(this.watchTimer);
		for (const off of this.offs) off();
		this.offs = [];
		if (this.socket?.connected && this.joined)
			this.socket.emit('live:leave', { sessionId: this.sessionId });
		this.joined = false;
	}

	async join(): Promise<void> {
		const r = await this.emit('live:join', {});
		if (!r.ok) {
			this.joinError = r.message;
			return;
		}
		const j = r;
		this.joins++;
		this.joinError = null;
		this.role = j.role;
		this.userId = j.userId;
		this.applyHistory(j.history);
		this.joined = true;
	}

	private applyHistory(h: History) {
		this.status = h.status;
		this.addChat(h.chat);
		this.upsertQuestions(h.questions);
		this.upsertPolls(h.polls);
		if (h.checkin) this.setCheckin(h.checkin);
		this.mine = h.mine;
		if (h.hands) this.hands = h.hands;
		if (h.mutes) this.mutes = h.mutes;
		if (h.viewers !== undefined) this.viewers = h.viewers;
		if (h.checkin?.answered !== undefined) this.checkinAnswered = h.checkin.answered;
	}

	private addChat(list: ChatMessage[]) {
		const merged = mergeChat(this.chat, list);
		if (merged) this.chat = merged;
	}

	private upsertQuestions(list: Question[]) {
		this.questions = mergeQuestions(this.questions, list);
	}

	private upsertPolls(list: Poll[]) {
		this.polls = mergePolls(this.polls, list);
	}

	private setCheckin(c: Checkin) {
		if (this.checkin?.id === c.id) return;
		this.checkin = { ...c, deadline: now() + c.remainingMs };
		this.checkinAnswered = c.answered ?? 0;
	}

	/** Emits with the session id and an ack timeout; never throws. */
	emit<E extends Emitted>(event: E, payload: Sent<E>): Promise<ActionResult<Acked<E>>> {
		return emitRoom(this.socket, this.sessionId, event, payload);
	}

	async sendChat(body: string): Promise<ActionResult> {
		const r = await this.emit('live:chat:send', { body });
		if (r.ok) this.addChat([r.message]);
		return r;
	}
	deleteChat = (messageId: number) => this.emit('live:chat:delete', { messageId });
	setMuted = (userId: number, muted: boolean) => this.emit('live:mute', { userId, muted });

	async ask(body: string): Promise<ActionResult> {
		const r = await this.emit('live:question:ask', { body });
		if (r.ok) this.upsertQuestions([r.question]);
		return r;
	}
	async upvote(questionId: number): Promise<ActionResult> {
		const r = await this.emit('live:question:upvote', { questionId });
		if (r.ok) {
			this.mine.votes = [...this.mine.votes, questionId];
			this.questions = this.questions.map((q) =>
				q.id === questionId ? { ...q, votes: Math.max(q.votes, r.votes) } : q
			);
		}
		return r;
	}
	markAnswered = (questionId: number) => this.emit('live:question:answered', { questionId });

	async openPoll(question: string, options: string[]): Promise<ActionResult> {
		const r = await this.emit('live:poll:open', { question, options });
		if (r.ok) this.upsertPolls([r.poll]);
		return r;
	}
	async answerPoll(pollId: number, option: number): Promise<ActionResult> {
		const r = await this.emit('live:poll:answer', { pollId, option });
		if (r.ok) this.mine.pollAnswers = { ...this.mine.pollAnswers, [pollId]: option };
		return r;
	}
	async closePoll(pollId: number): Promise<ActionResult> {
		const r = await this.emit('live:poll:close', { pollId });
		if (r.ok) this.upsertPolls([r.poll]);
		return r;
	}

	async openCheckin(seconds: number): Promise<ActionResult> {
		const r = await this.emit('live:checkin:open', { seconds });
		if (r.ok) this.setCheckin(r.checkin);
		return r;
	}
	async answerCheckin(checkinId: number): Promise<ActionResult> {
		const r = await this.emit('live:checkin:answer', { checkinId });
		if (r.ok || r.error === 'already_answered')
			this.mine.checkins = [...this.mine.checkins, checkinId];
		return r;
	}

	async setHand(raised: boolean): Promise<ActionResult> {
		const r = await this.emit('live:hand', { raised });
		if (r.ok) this.mine.handRaised = raised;
		return r;
	}
	lowerHand = (userId: number) => this.emit('live:hand:lower', { userId });

	/** The open poll, if any. */
	get openPollNow(): Poll | null {
		return this.polls.findLast((p) => !p.closed) ?? null;
	}
}

/** Milliseconds on a monotonic clock. */
export function now(): number {
	return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
