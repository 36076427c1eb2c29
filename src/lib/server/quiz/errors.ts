// A refused quiz operation: `code` (+ params) maps to a message in the UI
// language (messages.ts) and an HTTP status; nothing was written.
export const QUIZ_ERRORS = {
	not_found: 404,
	attempt_not_found: 404,
	not_available: 409, // draft or archived
	not_open_yet: 409,
	closed: 409,
	attempt_limit: 409,
	pool_short: 409,
	time_up: 409,
	submitted: 409,
	malformed: 400,
	bad_answers: 400,
	unknown_question: 400,
	unknown_option: 400,
	single_many: 400,
	bad_key: 400,
	title_empty: 400,
	title_too_long: 400,
	mode_invalid: 400,
	time_limit_invalid: 400,
	attempts_invalid: 400,
	pass_invalid: 400,
	policy_invalid: 400,
	policy_needs_close: 400,
	window_invalid: 400,
	date_invalid: 400,
	lesson_invalid: 400,
	rules_empty: 400,
	rule_invalid: 400,
	points_invalid: 400,
	fixed_empty: 400,
	question_not_usable: 400,
	status_invalid: 400
} as const;

export type QuizErrorCode = keyof typeof QUIZ_ERRORS;

export class QuizError extends Error {
	constructor(
		public readonly code: QuizErrorCode,
		public readonly params: Record<string, string | number> = {}
	) {
		super(`quiz: ${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
		this.name = 'QuizError';
	}
	get status(): number {
		return QUIZ_ERRORS[this.code];
	}
}
