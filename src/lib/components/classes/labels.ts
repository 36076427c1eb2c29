// Labels of the class domain's codes, in the UI language.
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

export const statusLabel = (s: string): string =>
	({
		planning: m.classes_status_planning(),
		enrolling: m.classes_status_enrolling(),
		running: m.classes_status_running(),
		finished: m.classes_status_finished()
	})[s] ?? s;

export const kindLabel = (k: string): string =>
	({
		lecture: m.classes_kind_lecture(),
		case_study: m.classes_kind_case_study(),
		field_teaching: m.classes_kind_field_teaching(),
		structured_discussion: m.classes_kind_structured_discussion()
	})[k] ?? k;

export const attendanceLabel = (a: string | null): string =>
	a === null
		? m.classes_att_none()
		: ({
				present: m.classes_att_present(),
				late: m.classes_att_late(),
				excused: m.classes_att_excused(),
				absent: m.classes_att_absent()
			}[a] ?? a);

export const enrolmentLabel = (e: string | null): string =>
	e === null
		? ''
		: ({
				enrolled: m.classes_enrolment_enrolled(),
				waitlisted: m.classes_enrolment_waitlisted(),
				withdrawn: m.classes_enrolment_withdrawn()
			}[e] ?? e);

export const categoryName = (c: { nameZh: string; nameEn: string }) =>
	getLocale() === 'en' ? c.nameEn : c.nameZh;
