// Shapes the live room sends to clients: shared by the server's room
// handlers and the browser's LiveRoom class (no server imports here).
/** A live session's status, as the server stores and the pages show it. */
export type LiveStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';

export interface ChatMessage {
	id: number;
	sessionId: number;
	userId: number;
	name: string;
	body: string;
	/** sent by the session's lecturer */
	lecturer: boolean;
	at: string;
}

export interface Question {
	id: number;
	sessionId: number;
	userId: number;
	name: string;
	body: string;
	votes: number;
	answered: boolean;
	at: string;
}

export interface Poll {
	id: number;
	sessionId: number;
	question: string;
	options: string[];
	/** answers per option, same order as options */
	counts: number[];
	total: number;
	closed: boolean;
}

export interface Checkin {
	id: number;
	sessionId: number;
	seconds: number;
	/** milliseconds left when the server sent this (clients count down from receipt: no clock skew) */
	remainingMs: number;
	/** answered count: filled for lecturers */
	answered?: number;
}

export interface Person {
	userId: number;
	name: string;
	at: string;
}

export interface Mine {
	/** pollId → chosen option */
	pollAnswers: Record<number, number>;
	checkins: number[];
	votes: number[];
	handRaised: boolean;
	muted: boolean;
}

export interface History {
	status: LiveStatus;
	chat: ChatMessage[];
	questions: Question[];
	polls: Poll[];
	checkin: Checkin | null;
	mine: Mine;
	/** lecturers only */
	hands?: Person[];
	mutes?: Person[];
	viewers?: number;
}

export interface JoinResult {
	ok: true;
	role: 'lecturer' | 'viewer';
	userId: number;
	history: History;
}
