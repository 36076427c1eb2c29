// Refusals of room events: a stable code for the client and tests, and a
// sentence in the person's UI language for the screen.
import { m } from '../../../paraglide/messages.js';

export type RoomErrorCode =
	| 'bad_request'
	| 'not_found'
	| 'not_joined'
	| 'forbidden'
	| 'not_open'
	| 'chat_empty'
	| 'chat_too_long'
	| 'chat_rate'
	| 'muted'
	| 'question_empty'
	| 'question_too_long'
	| 'already_voted'
	| 'poll_question'
	| 'poll_options'
	| 'poll_open_exists'
	| 'poll_closed'
	| 'poll_option_invalid'
	| 'already_answered'
	| 'checkin_seconds'
	| 'checkin_open_exists'
	| 'checkin_closed'
	| 'server_error';

export class RoomError extends Error {
	constructor(
		public code: RoomErrorCode,
		public params: Record<string, number> = {}
	) {
		super(code);
	}
}

export type { Locale } from '../../../paraglide/runtime.js';
import type { Locale } from '../../../paraglide/runtime.js';

export function roomErrorMessage(
	code: RoomErrorCode,
	params: Record<string, number>,
	locale: Locale
): string {
	const o = { locale };
	switch (code) {
		case 'bad_request':
			return m.room_err_bad_request({}, o);
		case 'not_found':
			return m.room_err_not_found({}, o);
		case 'not_joined':
			return m.room_err_not_joined({}, o);
		case 'forbidden':
			return m.room_err_forbidden({}, o);
		case 'not_open':
			return m.room_err_not_open({}, o);
		case 'chat_empty':
			return m.room_err_chat_empty({}, o);
		case 'chat_too_long':
			return m.room_err_chat_too_long({ max: params.max ?? 500 }, o);
		case 'chat_rate':
			return m.room_err_chat_rate({ count: params.count ?? 5, seconds: params.seconds ?? 10 }, o);
		case 'muted':
			return m.room_err_muted({}, o);
		case 'question_empty':
			return m.room_err_question_empty({}, o);
		case 'question_too_long':
			return m.room_err_question_too_long({ max: params.max ?? 300 }, o);
		case 'already_voted':
			return m.room_err_already_voted({}, o);
		case 'poll_question':
			return m.room_err_poll_question({ max: params.max ?? 200 }, o);
		case 'poll_options':
			return m.room_err_poll_options(
				{ min: params.min ?? 2, max: params.max ?? 6, length: params.length ?? 100 },
				o
			);
		case 'poll_open_exists':
			return m.room_err_poll_open_exists({}, o);
		case 'poll_closed':
			return m.room_err_poll_closed({}, o);
		case 'poll_option_invalid':
			return m.room_err_poll_option_invalid({}, o);
		case 'already_answered':
			return m.room_err_already_answered({}, o);
		case 'checkin_seconds':
			return m.room_err_checkin_seconds({ min: params.min ?? 10, max: params.max ?? 300 }, o);
		case 'checkin_open_exists':
			return m.room_err_checkin_open_exists({}, o);
		case 'checkin_closed':
			return m.room_err_checkin_closed({}, o);
		case 'server_error':
			return m.room_err_server_error({}, o);
	}
}
