// Shape checks of the JSON bodies (before anything touches the database).
// Returns error codes; the routes turn them into messages in the UI language.
import { HEARTBEAT_EVENTS, type HeartbeatEvent } from '../../api/playback.ts';
import { MAX_INTERVALS, MAX_RATE } from './credit.ts';
import { INT4_MAX, isId } from '../../api/ids.ts';

export const EVENTS = HEARTBEAT_EVENTS;
export type { HeartbeatEvent };

export interface HeartbeatInput {
	seq: number;
	intervals: [number, number][];
	position: number;
	rate: number;
	event: HeartbeatEvent;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; code: BadInputCode };

export type BadInputCode =
	| 'bad_seq'
	| 'bad_intervals'
	| 'too_many_intervals'
	| 'bad_position'
	| 'bad_rate'
	| 'bad_event'
	| 'bad_lesson'
	| 'bad_device'
	| 'bad_check';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);
const finiteNonNeg = (v: unknown): v is number =>
	typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function checkHeartbeat(body: unknown): Checked<HeartbeatInput> {
	if (!isObject(body)) return { ok: false, code: 'bad_intervals' };
	const { seq, intervals, position, rate, event } = body;
	if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || seq > INT4_MAX)
		return { ok: false, code: 'bad_seq' };
	if (!Array.isArray(intervals)) return { ok: false, code: 'bad_intervals' };
	if (intervals.length > MAX_INTERVALS) return { ok: false, code: 'too_many_intervals' };
	const out: [number, number][] = [];
	for (const iv of intervals) {
		if (!Array.isArray(iv) || iv.length !== 2) return { ok: false, code: 'bad_intervals' };
		const [a, b] = iv;
		if (!finiteNonNeg(a) || !finiteNonNeg(b) || a > b) return { ok: false, code: 'bad_intervals' };
		out.push([a, b]);
	}
	if (!finiteNonNeg(position)) return { ok: false, code: 'bad_position' };
	if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE)
		return { ok: false, code: 'bad_rate' };
	if (typeof event !== 'string' || !(EVENTS as readonly string[]).includes(event))
		return { ok: false, code: 'bad_event' };
	return {
		ok: true,
		value: { seq, intervals: out, position, rate, event: event as HeartbeatEvent }
	};
}

export function checkStart(body: unknown): Checked<{ lessonId: number; deviceId: string }> {
	if (!isObject(body)) return { ok: false, code: 'bad_lesson' };
	const { lessonId, deviceId } = body;
	if (!isId(lessonId)) {
		return { ok: false, code: 'bad_lesson' };
	}
	if (typeof deviceId !== 'string' || deviceId.length < 1 || deviceId.length > 100)
		return { ok: false, code: 'bad_device' };
	return { ok: true, value: { lessonId, deviceId } };
}

export function checkPresence(body: unknown): Checked<{ checkId: string }> {
	if (!isObject(body) || !isUuid(body.checkId)) return { ok: false, code: 'bad_check' };
	return { ok: true, value: { checkId: body.checkId } };
}
