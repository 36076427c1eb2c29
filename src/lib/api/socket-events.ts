// The socket.io wire contract of the default namespace and of /ingest, typed
// for both ends: the server's Server<…>/Socket<…> and the browser's
// Socket<ServerToClientEvents, ClientToServerEvents>. A wrong event name or
// payload fails svelte-check on either side.
//
// Client → server events carry { sessionId, … }; the server validates every
// payload as untrusted (src/lib/server/live/room/validate.ts), so its
// listeners take `unknown` and these types describe what honest clients send.
import type {
	ChatMessage,
	Checkin,
	JoinResult,
	LiveStatus,
	Person,
	Poll,
	Question
} from './live-room.ts';
import type { LiveSignal } from './live-signal.ts';

/** Every failed ack: a code and a message in the socket's language. */
export interface AckError {
	error: string;
	message: string;
}
export type Ack<T extends object = object> = ({ ok: true } & T) | AckError;
type Reply<T extends object = object> = (reply: Ack<T>) => void;
type In<T extends object = object> = { sessionId: number } & T;

/** A transcode's progress, pushed to the uploader's devices. */
export interface MediaProgress {
	assetId: string;
	status: 'validated' | 'transcoding' | 'ready' | 'failed';
	progress: number;
	error: string | null;
}

/** A people export's progress, pushed to the person who asked for it. */
export interface ReportExportProgress {
	id: string;
	status: 'queued' | 'running' | 'done' | 'failed';
	rowsDone: number;
	rowsTotal: number;
}

/** One in-app notification as sent to browsers (socket event and API). */
export interface WireNotification {
	id: number;
	kind: string;
	params: Record<string, unknown>;
	link: string | null;
	createdAt: string;
	read: boolean;
}

export interface ServerToClientEvents {
	/** sent once to a fresh socket: connection-state recovery needs a first offset */
	'realtime:hello': () => void;
	notification: (n: WireNotification) => void;
	'media:progress': (e: MediaProgress) => void;
	report_export: (e: ReportExportProgress) => void;
	/** this playback was replaced by one on another device */
	'playback:superseded': (e: { playbackId: string }) => void;
	'live:status': (e: { sessionId: number; status: LiveStatus }) => void;
	/** media reaches the server again / nothing arrived for SIGNAL_LOST_MS */
	'live:signal': (e: LiveSignal) => void;
	/** chat, batched per session (src/lib/server/live/room/batcher.ts) */
	'live:chat:batch': (e: { sessionId: number; messages: ChatMessage[] }) => void;
	'live:chat:deleted': (e: { sessionId: number; id: number }) => void;
	'live:question': (q: Question) => void;
	/** [questionId, votes] pairs */
	'live:question:votes': (e: { sessionId: number; votes: [number, number][] }) => void;
	'live:question:answered': (e: { sessionId: number; id: number }) => void;
	/** a poll opened or closed */
	'live:poll': (p: Poll) => void;
	'live:poll:results': (p: Poll) => void;
	/** a check-in opened (without the answered count: that is for lecturers) */
	'live:checkin': (c: Omit<Checkin, 'answered'>) => void;
	'live:checkin:closed': (e: { sessionId: number; id: number; answered: number }) => void;
	// To the lecturers' room only:
	'live:checkin:count': (e: { sessionId: number; id: number; answered: number }) => void;
	'live:hands': (e: { sessionId: number; hands: Person[] }) => void;
	'live:mutes': (e: { sessionId: number; mutes: Person[] }) => void;
	'live:viewers': (e: { sessionId: number; count: number }) => void;
	/** to the person's own room: their mute or raised hand changed */
	'live:self': (e: { sessionId: number; muted?: boolean; handRaised?: boolean }) => void;
}

/** Room events; those marked * are for the session's lecturers only. */
export interface ClientToServerEvents {
	'live:join': (p: In, ack: (reply: JoinResult | AckError) => void) => void;
	'live:leave': (p: In, ack?: Reply) => void;
	/** every 60 s from a visible page */
	'live:watching': (p: In, ack: Reply) => void;
	'live:chat:send': (p: In<{ body: string }>, ack: Reply<{ message: ChatMessage }>) => void;
	'live:chat:delete': (p: In<{ messageId: number }>, ack: Reply<{ messageId: number }>) => void; // *
	'live:mute': (
		p: In<{ userId: number; muted: boolean }>,
		ack: Reply<{ userId: number; muted: boolean }>
	) => void; // *
	'live:question:ask': (p: In<{ body: string }>, ack: Reply<{ question: Question }>) => void;
	'live:question:upvote': (
		p: In<{ questionId: number }>,
		ack: Reply<{ questionId: number; votes: number }>
	) => void;
	'live:question:answered': (
		p: In<{ questionId: number }>,
		ack: Reply<{ questionId: number }>
	) => void; // *
	'live:poll:open': (
		p: In<{ question: string; options: string[] }>,
		ack: Reply<{ poll: Poll }>
	) => void; // *
	'live:poll:answer': (
		p: In<{ pollId: number; option: number }>,
		ack: Reply<{ pollId: number; option: number }>
	) => void;
	'live:poll:close': (p: In<{ pollId: number }>, ack: Reply<{ poll: Poll }>) => void; // *
	'live:checkin:open': (p: In<{ seconds: number }>, ack: Reply<{ checkin: Checkin }>) => void; // *
	'live:checkin:answer': (p: In<{ checkinId: number }>, ack: Reply<{ checkinId: number }>) => void;
	'live:hand': (p: In<{ raised: boolean }>, ack: Reply<{ raised: boolean }>) => void;
	'live:hand:lower': (p: In<{ userId: number }>, ack: Reply<{ userId: number }>) => void; // *
}

/** The room events that go through the shared checks (src/lib/server/live/room/context.ts). */
export type RoomEvent = Exclude<
	keyof ClientToServerEvents,
	'live:join' | 'live:leave' | 'live:watching'
>;
/** What a room event's ack carries on success, besides ok. */
export type RoomEventResult<E extends RoomEvent> = Parameters<ClientToServerEvents[E]>[1] extends (
	reply: Ack<infer T>
) => void
	? T
	: never;

/** No server-to-server events (serverSideEmit) are used. */
export type InterServerEvents = Record<string, never>;

/** The server's view of the ingest pipe, sent every 2 s to the broadcasting lecturer. */
export interface IngestHealth {
	sessionId: number;
	kbps: number;
	chunks: number;
	dropped: number;
	ffmpegAlive: boolean;
	pendingBytes: number;
	seconds: number;
}

export interface IngestStartReply {
	ok?: true;
	error?: string;
	resume?: boolean;
	nextSeq?: number;
	copyVideo?: boolean;
}

export interface IngestChunkReply {
	ok?: true;
	error?: string;
	seq?: number;
	nextSeq?: number;
}

/** The /ingest namespace: the lecturer's browser pushes MediaRecorder chunks. */
export interface IngestServerToClientEvents {
	health: (h: IngestHealth) => void;
	/** another tab or device took over this session's input */
	'ingest:taken': () => void;
}

export interface IngestClientToServerEvents {
	start: (
		p: { sessionId: number; mimeType: string; streamId: string },
		ack: (r: IngestStartReply) => void
	) => void;
	chunk: (p: { seq: number; data: ArrayBuffer }, ack: (r: IngestChunkReply) => void) => void;
}
