// JSON responses of the progress API: errors as { error: code, message } with
// the message in the request's UI language (the paraglide middleware has set
// the locale for this request, so m.*() picks it).
import { json } from '@sveltejs/kit';
import { m } from '../../paraglide/messages.js';
import { errorBody as edgeErrorBody, type ErrorBody } from '../edge/errors.ts';
import type { Locale } from '../edge/locale.ts';

const MESSAGES = {
	malformed_json: m.progress_malformed_json,
	too_large: m.progress_too_large,
	bad_seq: m.progress_bad_seq,
	bad_intervals: m.progress_bad_intervals,
	too_many_intervals: m.progress_too_many_intervals,
	bad_position: m.progress_bad_position,
	bad_rate: m.progress_bad_rate,
	bad_event: m.progress_bad_event,
	bad_lesson: m.progress_bad_lesson,
	bad_device: m.progress_bad_device,
	bad_check: m.progress_bad_check,
	forbidden: m.progress_forbidden,
	not_ready: m.progress_not_ready,
	not_found: m.progress_not_found,
	superseded: m.progress_superseded,
	interval_out_of_range: m.progress_interval_out_of_range,
	wrong_check: m.progress_wrong_check,
	retry: m.progress_retry,
	busy: m.progress_busy
} as const;

export type ErrorCode = keyof typeof MESSAGES;

/** `locale` when known (the fast path); else the request's, set by the paraglide middleware. */
export function errorBody(code: ErrorCode, locale?: Locale): ErrorBody<ErrorCode> {
	return edgeErrorBody(code, MESSAGES[code]({}, locale ? { locale } : {}));
}

export function fail(status: number, code: ErrorCode): Response {
	return json(errorBody(code), { status, headers: { 'cache-control': 'no-store' } });
}

export function ok(body: unknown, status = 200): Response {
	return json(body, { status, headers: { 'cache-control': 'no-store' } });
}
