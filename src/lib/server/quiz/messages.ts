// QuizError → a message in the request's UI language (the paraglide
// middleware has set the locale). One line per code, so a new code without a
// message fails the type check.
import { m } from '../../paraglide/messages.js';
import type { QuizError, QuizErrorCode } from './errors.ts';

type P = Record<string, string | number>;
const s = (p: P, k: string) => String(p[k] ?? '');

const kindName = (kind: string) =>
	kind === 'single' ? m.quiz_kind_single() : kind === 'multiple' ? m.quiz_kind_multiple() : kind === 'truefalse' ? m.quiz_kind_truefalse() : kind;

const MESSAGES: Record<QuizErrorCode, (p: P) => string> = {
	not_found: () => m.quiz_err_not_found(),
	attempt_not_found: () => m.quiz_err_attempt_not_found(),
	not_available: () => m.quiz_err_not_available(),
	not_open_yet: (p) => m.quiz_err_not_open_yet({ at: formatBeijing(s(p, 'at')) }),
	closed: () => m.quiz_err_closed(),
	attempt_limit: (p) => m.quiz_err_attempt_limit({ max: s(p, 'max') }),
	pool_short: (p) => m.quiz_err_pool_short({ kind: kindName(s(p, 'kind')), tag: s(p, 'tag'), available: s(p, 'available'), count: s(p, 'count') }),
	time_up: () => m.quiz_err_time_up(),
	submitted: () => m.quiz_err_submitted(),
	malformed: () => m.quiz_err_malformed(),
	bad_answers: () => m.quiz_err_bad_answers(),
	unknown_question: (p) => m.quiz_err_unknown_question({ questionId: s(p, 'questionId') }),
	unknown_option: (p) => m.quiz_err_unknown_option({ questionId: s(p, 'questionId'), option: s(p, 'option') }),
	single_many: (p) => m.quiz_err_single_many({ questionId: s(p, 'questionId') }),
	bad_key: () => m.quiz_err_bad_key(),
	title_empty: () => m.quiz_err_title_empty(),
	title_too_long: () => m.quiz_err_title_too_long(),
	mode_invalid: () => m.quiz_err_mode_invalid(),
	time_limit_invalid: () => m.quiz_err_time_limit_invalid(),
	attempts_invalid: () => m.quiz_err_attempts_invalid(),
	pass_invalid: () => m.quiz_err_pass_invalid(),
	policy_invalid: () => m.quiz_err_policy_invalid(),
	policy_needs_close: () => m.quiz_err_policy_needs_close(),
	window_invalid: () => m.quiz_err_window_invalid(),
	date_invalid: () => m.quiz_err_date_invalid(),
	lesson_invalid: () => m.quiz_err_lesson_invalid(),
	rules_empty: () => m.quiz_err_rules_empty(),
	rule_invalid: (p) => m.quiz_err_rule_invalid({ row: s(p, 'row') }),
	points_invalid: () => m.quiz_err_points_invalid(),
	fixed_empty: () => m.quiz_err_fixed_empty(),
	question_not_usable: (p) => m.quiz_err_question_not_usable({ id: s(p, 'id') }),
	status_invalid: () => m.quiz_err_status_invalid()
};

export function quizErrorMessage(e: QuizError): string {
	return MESSAGES[e.code](e.params);
}

export { kindName };

/** An instant as Beijing wall time 'YYYY-MM-DD HH:mm'. */
export function formatBeijing(at: string | Date | null): string {
	if (!at) return '';
	const d = typeof at === 'string' ? new Date(at) : at;
	if (Number.isNaN(d.getTime())) return '';
	return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
