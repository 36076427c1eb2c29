// Payload checks for room events. Pure functions: every client payload passes
// through one of these before anything touches the database.
import * as limits from '../../../api/limits.ts';
import { RoomError } from './errors.ts';

export const CHAT_MAX = limits.live.chat;
export const QUESTION_MAX = limits.live.question;
export const POLL_QUESTION_MAX = limits.live.pollQuestion;
export const POLL_OPTION_MAX = limits.live.pollOption;
export const POLL_MIN_OPTIONS = 2;
export const POLL_MAX_OPTIONS = 6;
export const CHECKIN_MIN_SECONDS = 10;
export const CHECKIN_MAX_SECONDS = 300;
/** Raw strings longer than this are refused before trimming (cheap guard against huge payloads). */
const RAW_MAX = 4000;

type Obj = Record<string, unknown>;

export function object(payload: unknown): Obj {
	if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
		throw new RoomError('bad_request');
	return payload as Obj;
}

/** A positive integer id (database serial/bigserial within JS's safe range). */
export function id(value: unknown): number {
	if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0)
		throw new RoomError('bad_request');
	return value;
}

export function bool(value: unknown): boolean {
	if (typeof value !== 'boolean') throw new RoomError('bad_request');
	return value;
}

/** Characters as people (and PostgreSQL's length()) count them, not UTF-16 units. */
export function charLength(s: string): number {
	let n = 0;
	for (const _ of s) n++;
	return n;
}

function text(value: unknown, max: number, empty: RoomError, tooLong: RoomError): string {
	if (typeof value !== 'string') throw new RoomError('bad_request');
	if (value.length > RAW_MAX) throw tooLong;
	// NUL cannot be stored in PostgreSQL text; other control characters (but newline/tab) are noise.
	// eslint-disable-next-line no-control-regex -- stripping control characters is the point
	const t = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
	if (!t) throw empty;
	if (charLength(t) > max) throw tooLong;
	return t;
}

export function chatBody(value: unknown): string {
	return text(
		value,
		CHAT_MAX,
		new RoomError('chat_empty'),
		new RoomError('chat_too_long', { max: CHAT_MAX })
	);
}

export function questionBody(value: unknown): string {
	return text(
		value,
		QUESTION_MAX,
		new RoomError('question_empty'),
		new RoomError('question_too_long', { max: QUESTION_MAX })
	);
}

export function poll(payload: Obj): { question: string; options: string[] } {
	const qErr = new RoomError('poll_question', { max: POLL_QUESTION_MAX });
	const question = text(payload.question, POLL_QUESTION_MAX, qErr, qErr);
	const oErr = new RoomError('poll_options', {
		min: POLL_MIN_OPTIONS,
		max: POLL_MAX_OPTIONS,
		length: POLL_OPTION_MAX
	});
	const raw = payload.options;
	if (!Array.isArray(raw) || raw.length < POLL_MIN_OPTIONS || raw.length > POLL_MAX_OPTIONS)
		throw oErr;
	const options = raw.map((o) => text(o, POLL_OPTION_MAX, oErr, oErr));
	if (new Set(options).size !== options.length) throw oErr;
	return { question, options };
}

/** An option index of a poll with `count` options. */
export function pollOption(value: unknown, count: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= count) {
		throw new RoomError('poll_option_invalid');
	}
	return value;
}

export function checkinSeconds(value: unknown): number {
	if (
		typeof value !== 'number' ||
		!Number.isInteger(value) ||
		value < CHECKIN_MIN_SECONDS ||
		value > CHECKIN_MAX_SECONDS
	) {
		throw new RoomError('checkin_seconds', { min: CHECKIN_MIN_SECONDS, max: CHECKIN_MAX_SECONDS });
	}
	return value;
}
