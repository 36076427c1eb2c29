// LiveError → a sentence in the current UI language, for form actions.
import { m } from '../../paraglide/messages.js';
import type { LiveError } from './errors.ts';

export function liveErrorMessage(e: LiveError): string {
	const n = (k: string) => Number(e.params[k]);
	switch (e.code) {
		case 'not_found':
			return m.live_err_not_found();
		case 'title_empty':
			return m.live_err_title_empty();
		case 'title_too_long':
			return m.live_err_title_too_long({ max: n('max') });
		case 'description_too_long':
			return m.live_err_description_too_long({ max: n('max') });
		case 'starts_invalid':
			return m.live_err_starts_invalid();
		case 'starts_past':
			return m.live_err_starts_past();
		case 'minutes_invalid':
			return m.live_err_minutes_invalid({ min: n('min'), max: n('max') });
		case 'credit_invalid':
			return m.live_err_credit_invalid({ max: n('max') });
		case 'audience_empty':
			return m.live_err_audience_empty();
		case 'lecturer_invalid':
			return m.live_err_lecturer_invalid();
		case 'programme_invalid':
			return m.live_err_programme_invalid();
		case 'unit_invalid':
			return m.live_err_unit_invalid();
		case 'course_invalid':
			return m.live_err_course_invalid();
		case 'not_editable':
			return m.live_err_not_editable();
		case 'not_live':
			return m.live_err_not_live();
		case 'replay_invalid':
			return m.live_err_replay_invalid();
		case 'replay_no_course':
			return m.live_err_replay_no_course();
		case 'concentrated_admin_only':
			return m.live_err_concentrated_admin_only();
		case 'concentrated_invalid':
			return m.live_err_concentrated_invalid();
	}
}
