// A refused live-session operation: `code` (+ params) maps to a sentence in
// the UI language (live_err_<code>, see messages.ts); nothing was written.
export type LiveErrorCode =
	| 'not_found'
	| 'title_empty'
	| 'title_too_long'
	| 'description_too_long'
	| 'starts_invalid'
	| 'starts_past'
	| 'minutes_invalid'
	| 'credit_invalid'
	| 'audience_empty'
	| 'lecturer_invalid'
	| 'programme_invalid'
	| 'unit_invalid'
	| 'course_invalid'
	| 'not_editable'
	| 'not_live'
	| 'replay_invalid'
	| 'replay_no_course'
	| 'concentrated_admin_only'
	| 'concentrated_invalid';

export class LiveError extends Error {
	constructor(
		public readonly code: LiveErrorCode,
		public readonly params: Record<string, string | number> = {}
	) {
		super(`live: ${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
		this.name = 'LiveError';
	}
}
