// The "schedule a new requirement version" form, checked field by field:
// every problem names its field in the UI language; nothing is written while any exists.
import { m } from '../../paraglide/messages.js';
import {
	REQUIREMENT_SOURCES,
	requirementBounds as B,
	type RequirementSource
} from '../../api/archive.ts';
import { RANK_LEVELS } from '../org/rank-levels.ts';
import type { NewVersion } from './requirements.ts';

export type RequirementField =
	| 'requirementId'
	| 'rankLevels'
	| 'sources'
	| 'windowYears'
	| 'hours'
	| 'validFrom'
	| 'validTo'
	| 'note';

export interface RequirementError {
	field: RequirementField;
	message: string;
}

const isDay = (s: string) =>
	/^\d{4}-\d{2}-\d{2}$/.test(s) &&
	!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
	new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export function parseRequirementForm(
	form: FormData,
	today: string
): { ok: true; input: NewVersion } | { ok: false; errors: RequirementError[] } {
	const text = (k: string) => String(form.get(k) ?? '').trim();
	const errors: RequirementError[] = [];
	const err = (field: RequirementField, message: string) => errors.push({ field, message });

	const requirementId = Number(text('requirementId'));
	if (!Number.isSafeInteger(requirementId) || requirementId <= 0)
		err('requirementId', m.archive_req_err_requirement());
	const ranks = [...new Set(form.getAll('rankLevels').map(String))];
	if (!ranks.length || !ranks.every((r) => (RANK_LEVELS as readonly string[]).includes(r)))
		err('rankLevels', m.archive_req_err_ranks());
	const sources = [...new Set(form.getAll('sources').map(String))] as RequirementSource[];
	if (!sources.length || !sources.every((s) => REQUIREMENT_SOURCES.includes(s)))
		err('sources', m.archive_req_err_sources());
	const windowRaw = text('windowYears');
	const windowYears = Number(windowRaw);
	if (!/^\d{1,2}$/.test(windowRaw) || windowYears < 1 || windowYears > B.windowMax)
		err('windowYears', m.archive_req_err_window({ max: B.windowMax }));
	const hoursRaw = text('hours');
	const hours = Number(hoursRaw);
	if (!/^\d{1,4}(\.\d{1,2})?$/.test(hoursRaw) || !(hours > 0) || hours > B.hoursMax)
		err('hours', m.archive_req_err_hours({ max: B.hoursMax }));
	const validFrom = text('validFrom');
	if (!isDay(validFrom) || validFrom < today) err('validFrom', m.archive_req_err_from({ today }));
	const validTo = text('validTo') || null;
	if (validTo !== null && (!isDay(validTo) || (isDay(validFrom) && validTo < validFrom)))
		err('validTo', m.archive_req_err_to());
	const note = text('note');
	if ([...note].length > B.noteMax) err('note', m.archive_req_err_note({ max: B.noteMax }));

	if (errors.length) return { ok: false, errors };
	return {
		ok: true,
		input: {
			requirementId,
			rankLevels: ranks,
			sources,
			windowYears,
			hours,
			validFrom,
			validTo,
			note
		}
	};
}
