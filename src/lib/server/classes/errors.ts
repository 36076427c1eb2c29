// Refusals of the class domain: a stable code (also the message key,
// `class_err_<code>`) and the parameters its sentence needs. Functions throw
// ClassError before writing anything (or inside a transaction that rolls back).
import { m } from '../../paraglide/messages.js';

export type ClassErrorCode =
	| 'not_found'
	| 'not_open'
	| 'finished'
	| 'outside_scope'
	| 'quota_none'
	| 'quota_full'
	| 'full'
	| 'already_enrolled'
	| 'user_not_found'
	| 'not_enrolled'
	| 'code_invalid'
	| 'code_expired'
	| 'code_replayed'
	| 'code_other_session'
	| 'code_other_class'
	| 'not_attended'
	| 'evaluated_twice'
	| 'score_range'
	| 'lecturer_busy'
	| 'place_busy'
	| 'no_sessions';

export class ClassError extends Error {
	constructor(
		readonly code: ClassErrorCode,
		readonly params: Record<string, string> = {}
	) {
		super(code);
	}
}

const text: Record<ClassErrorCode, (p: Record<string, string>) => string> = {
	not_found: () => m.class_err_not_found(),
	not_open: () => m.class_err_not_open(),
	finished: () => m.class_err_finished(),
	outside_scope: (p) => m.class_err_outside_scope({ name: p.name ?? '' }),
	quota_none: (p) => m.class_err_quota_none({ name: p.name ?? '' }),
	quota_full: (p) => m.class_err_quota_full({ unit: p.unit ?? '', quota: p.quota ?? '' }),
	full: () => m.class_err_full(),
	already_enrolled: (p) => m.class_err_already_enrolled({ name: p.name ?? '' }),
	user_not_found: () => m.class_err_user_not_found(),
	not_enrolled: () => m.class_err_not_enrolled(),
	code_invalid: () => m.class_err_code_invalid(),
	code_expired: () => m.class_err_code_expired(),
	code_replayed: () => m.class_err_code_replayed(),
	code_other_session: () => m.class_err_code_other_session(),
	code_other_class: () => m.class_err_code_other_class(),
	not_attended: () => m.class_err_not_attended(),
	evaluated_twice: () => m.class_err_evaluated_twice(),
	score_range: () => m.class_err_score_range(),
	lecturer_busy: () => m.class_err_lecturer_busy(),
	place_busy: () => m.class_err_place_busy(),
	no_sessions: () => m.class_err_no_sessions()
};

/** The sentence for a refusal, in the request's language (paraglide's request locale). */
export const classErrorMessage = (e: ClassError): string => text[e.code](e.params);
