// The administrator's forms: a manual entry, an out-of-region training or a
// secondment. Every field is checked and every problem returned at once.
import { ledger as limits } from '../../api/limits.ts';
import type { RecordKind } from '../../api/ledger.ts';
import {
	checkDay,
	checkHours,
	checkText,
	type Check,
	type EntryProblem,
	type Params
} from './checks.ts';

export type EntryField =
	| 'day'
	| 'hours'
	| 'reason'
	| 'attachment'
	| 'kind'
	| 'title'
	| 'organisation'
	| 'place'
	| 'startsOn'
	| 'endsOn'
	| 'person';

export interface EntryError {
	field: EntryField;
	code: EntryProblem;
	params?: Params;
}

export interface ManualInput {
	day: string;
	hours: number;
	reason: string;
}

export interface RecordInput {
	kind: RecordKind;
	title: string;
	organisation: string;
	place: string;
	startsOn: string;
	endsOn: string;
	hours: number;
	/** optional remark kept on the ledger entry */
	reason: string;
}

type Parsed<T> = { ok: true; input: T } | { ok: false; errors: EntryError[] };

function collector(form: FormData) {
	const errors: EntryError[] = [];
	const text = (k: string) => String(form.get(k) ?? '').slice(0, 10_000);
	const take = <T>(field: EntryField, c: Check<T>): T | undefined => {
		if (c.ok) return c.value;
		errors.push(c.params ? { field, code: c.code, params: c.params } : { field, code: c.code });
		return undefined;
	};
	return { errors, text, take };
}

/** `today`: today in the organisation's zone (YYYY-MM-DD). */
export function parseManualForm(form: FormData, today: string): Parsed<ManualInput> {
	const { errors, text, take } = collector(form);
	const day = take('day', checkDay(text('day'), today));
	const hours = take('hours', checkHours(text('hours'), limits.entryHoursMax));
	const reason = take('reason', checkText(text('reason'), limits.reason, true));
	if (errors.length) return { ok: false, errors };
	return { ok: true, input: { day: day!, hours: hours!, reason: reason! } };
}

export function parseRecordForm(form: FormData, today: string): Parsed<RecordInput> {
	const { errors, text, take } = collector(form);
	const kind = text('kind');
	if (kind !== 'out_of_region' && kind !== 'secondment')
		errors.push({ field: 'kind', code: 'bad_kind', params: { value: kind } });
	const title = take('title', checkText(text('title'), limits.title, true));
	const organisation = take(
		'organisation',
		checkText(text('organisation'), limits.organisation, true)
	);
	const place = take('place', checkText(text('place'), limits.place, false));
	const startsOn = take('startsOn', checkDay(text('startsOn'), today));
	const endsOn = take('endsOn', checkDay(text('endsOn'), today));
	if (startsOn && endsOn && endsOn < startsOn)
		errors.push({ field: 'endsOn', code: 'end_before_start' });
	const hours = take('hours', checkHours(text('hours'), limits.recordHoursMax));
	const reason = take('reason', checkText(text('reason'), limits.reason, false));
	if (errors.length) return { ok: false, errors };
	return {
		ok: true,
		input: {
			kind: kind as RecordKind,
			title: title!,
			organisation: organisation!,
			place: place!,
			startsOn: startsOn!,
			endsOn: endsOn!,
			hours: hours!,
			reason: reason!
		}
	};
}
