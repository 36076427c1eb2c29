// The rule-set form, checked field by field. Every problem comes back as a
// field + code (+ params) for a specific message in the UI language; nothing
// is written while any exists.
import { bounds, type RuleSet } from '../../api/credit-rules.ts';

export type RuleField =
	| 'validFrom'
	| 'note'
	| 'longMinutes'
	| 'shortMinutes'
	| 'longHours'
	| 'midHours'
	| 'shortHours'
	| 'testPassHours'
	| 'minPresencePercent'
	| 'offlineDayHours'
	| 'teachingSessionHours';

export type RuleProblem =
	| 'required'
	| 'not_number'
	| 'range' // { min, max }
	| 'precision' // more than two decimals
	| 'bands_order' // short band not below the long one
	| 'date_invalid'
	| 'date_past' // { today }
	| 'date_taken'
	| 'too_long'; // { max }

export interface RuleError {
	field: RuleField;
	code: RuleProblem;
	params?: Record<string, string | number>;
}

export interface RuleSetInput {
	validFrom: string;
	note: string;
	rules: RuleSet;
}

const text = (form: FormData, k: string) => String(form.get(k) ?? '').trim();

/** Parses the form; `today` is today's date in the organisation's zone (YYYY-MM-DD). */
export function parseRuleSetForm(
	form: FormData,
	today: string
): { ok: true; input: RuleSetInput } | { ok: false; errors: RuleError[] } {
	const errors: RuleError[] = [];
	const num = (field: RuleField, min: number, max: number, decimals: number): number => {
		const raw = text(form, field);
		if (raw === '') return (errors.push({ field, code: 'required' }), NaN);
		if (!/^-?\d+(\.\d+)?$/.test(raw)) return (errors.push({ field, code: 'not_number' }), NaN);
		const v = Number(raw);
		if (v < min || v > max) errors.push({ field, code: 'range', params: { min, max } });
		else if ((raw.split('.')[1] ?? '').length > decimals)
			errors.push({ field, code: 'precision', params: { decimals } });
		return v;
	};
	const hours = (field: RuleField) => num(field, 0, bounds.hoursMax, 2);
	const minutes = (field: RuleField) => num(field, 1, bounds.minutesMax, 0);

	const validFrom = text(form, 'validFrom');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(validFrom) || Number.isNaN(Date.parse(`${validFrom}T00:00:00Z`)))
		errors.push({ field: 'validFrom', code: 'date_invalid' });
	else if (validFrom < today)
		errors.push({ field: 'validFrom', code: 'date_past', params: { today } });
	const note = text(form, 'note');
	if ([...note].length > bounds.noteMax)
		errors.push({ field: 'note', code: 'too_long', params: { max: bounds.noteMax } });

	const rules: RuleSet = {
		course: {
			longMinutes: minutes('longMinutes'),
			shortMinutes: minutes('shortMinutes'),
			longHours: hours('longHours'),
			midHours: hours('midHours'),
			shortHours: hours('shortHours')
		},
		testPassHours: hours('testPassHours'),
		live: {
			minPresencePercent: num('minPresencePercent', bounds.presencePercentMin, 100, 0),
			requireAllCheckins: form.get('requireAllCheckins') === 'on'
		},
		offlineDayHours: hours('offlineDayHours'),
		teachingSessionHours: hours('teachingSessionHours')
	};
	const c = rules.course;
	if (!errors.length && c.shortMinutes >= c.longMinutes)
		errors.push({ field: 'shortMinutes', code: 'bands_order' });
	return errors.length ? { ok: false, errors } : { ok: true, input: { validFrom, note, rules } };
}
