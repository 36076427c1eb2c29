// Labels the server puts into sentences (the request's language).
import { m } from '../../paraglide/messages.js';
import type { AttendanceStatus } from './attendance.ts';

export const attendanceLabelServer = (s: AttendanceStatus): string =>
	({
		present: m.classes_att_present(),
		late: m.classes_att_late(),
		excused: m.classes_att_excused(),
		absent: m.classes_att_absent()
	})[s];
