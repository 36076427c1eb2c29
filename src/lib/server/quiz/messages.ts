// QuizError → a message in the request's UI language (the paraglide
// middleware has set the locale, or the one given). One line per code, so a new code without a
// message fails the type check.
import { formatStamp } from '../clock/index.ts';
import { m } from '../../paraglide/messages.js';
import type { QuizError, QuizErrorCode } from './errors.ts';
import type { Locale } from '../../paraglide/runtime.js';

type P = Record<string, string | number>;
const s = (p: P, k: string) => String(p[k] ?? '');

const kindName = (kind: string, o: { locale?: Locale } = {}) =>
	kind === 'single'
		? m.quiz_kind_single({}, o)
		: kind === 'multiple'
			? m.quiz_kind_multiple({}, o)
			: kind === 'truefalse'
				? m.quiz_kind_truefalse({}, o)
				: kind;

type O = { locale?: Locale };

const MESSAGES: Record<QuizErrorCode, (p: P, o: O) => string> = {
	not_found: (_p, o) => m.quiz_err_not_found({}, o),
	attempt_not_found: (_p, o) => m.quiz_err_attempt_not_found({}, o),
	not_available: (_p, o) => m.quiz_err_not_available({}, o),
	not_open_yet: (p, o) => m.quiz_err_not_open_yet({ at: formatBeijing(s(p, 'at')) }, o),
	closed: (_p, o) => m.quiz_err_closed({}, o),
	attempt_limit: (p, o) => m.quiz_err_attempt_limit({ max: s(p, 'max') }, o),
	pool_short: (p, o) =>
		m.quiz_err_pool_short(
			{
				kind: kindName(s(p, 'kind'), o),
				tag: s(p, 'tag'),
				available: s(p, 'available'),
				count: s(p, 'count')
			},
			o
		),
	time_up: (_p, o) => m.quiz_err_time_up({}, o),
	submitted: (_p, o) => m.quiz_err_submitted({}, o),
	malformed: (_p, o) => m.quiz_err_malformed({}, o),
	bad_answers: (_p, o) => m.quiz_err_bad_answers({}, o),
	unknown_question: (p, o) => m.quiz_err_unknown_question({ questionId: s(p, 'questionId') }, o),
	unknown_option: (p, o) =>
		m.quiz_err_unknown_option({ questionId: s(p, 'questionId'), option: s(p, 'option') }, o),
	single_many: (p, o) => m.quiz_err_single_many({ questionId: s(p, 'questionId') }, o),
	bad_key: (_p, o) => m.quiz_err_bad_key({}, o),
	title_empty: (_p, o) => m.quiz_err_title_empty({}, o),
	title_too_long: (_p, o) => m.quiz_err_title_too_long({}, o),
	mode_invalid: (_p, o) => m.quiz_err_mode_invalid({}, o),
	time_limit_invalid: (_p, o) => m.quiz_err_time_limit_invalid({}, o),
	attempts_invalid: (_p, o) => m.quiz_err_attempts_invalid({}, o),
	pass_invalid: (_p, o) => m.quiz_err_pass_invalid({}, o),
	policy_invalid: (_p, o) => m.quiz_err_policy_invalid({}, o),
	policy_needs_close: (_p, o) => m.quiz_err_policy_needs_close({}, o),
	window_invalid: (_p, o) => m.quiz_err_window_invalid({}, o),
	date_invalid: (_p, o) => m.quiz_err_date_invalid({}, o),
	lesson_invalid: (_p, o) => m.quiz_err_lesson_invalid({}, o),
	rules_empty: (_p, o) => m.quiz_err_rules_empty({}, o),
	rule_invalid: (p, o) => m.quiz_err_rule_invalid({ row: s(p, 'row') }, o),
	points_invalid: (_p, o) => m.quiz_err_points_invalid({}, o),
	fixed_empty: (_p, o) => m.quiz_err_fixed_empty({}, o),
	question_not_usable: (p, o) => m.quiz_err_question_not_usable({ id: s(p, 'id') }, o),
	status_invalid: (_p, o) => m.quiz_err_status_invalid({}, o)
};

/** In the request's language (set by the paraglide middleware), or `locale` when given (the submit fast path). */
export function quizErrorMessage(e: QuizError, locale?: Locale): string {
	return MESSAGES[e.code](e.params, locale ? { locale } : {});
}

export { kindName };

/** An instant as the organisation's wall time 'YYYY-MM-DD HH:mm' (name kept for callers). */
export function formatBeijing(at: string | Date | null): string {
	if (!at) return '';
	const d = typeof at === 'string' ? new Date(at) : at;
	if (Number.isNaN(d.getTime())) return '';
	return formatStamp(d);
}
