// Entry problems in the UI language, naming the field (or the import's column).
import { m } from '../../paraglide/messages.js';
import type { EntryProblem, Params } from './checks.ts';
import type { EntryField } from './validate.ts';

export type LabelKey = EntryField | 'employee_no' | 'note';

const labels: Record<LabelKey, () => string> = {
	day: m.ledger_field_day,
	hours: m.ledger_field_hours,
	reason: m.ledger_field_reason,
	attachment: m.ledger_field_attachment,
	kind: m.ledger_field_kind,
	title: m.ledger_field_title,
	organisation: m.ledger_field_organisation,
	place: m.ledger_field_place,
	startsOn: m.ledger_field_starts_on,
	endsOn: m.ledger_field_ends_on,
	person: m.ledger_field_person,
	employee_no: m.ledger_field_employee_no,
	note: m.ledger_field_note
};

export const fieldLabel = (key: LabelKey): string => labels[key]();

export function entryErrorMessage(key: LabelKey, code: EntryProblem, params: Params = {}): string {
	const field = fieldLabel(key);
	const p = (k: string) => String(params[k] ?? '');
	switch (code) {
		case 'required':
			return m.ledger_err_required({ field });
		case 'not_number':
			return m.ledger_err_not_number({ field });
		case 'not_positive':
			return m.ledger_err_not_positive({ field });
		case 'too_many':
			return m.ledger_err_too_many({ field, max: p('max') });
		case 'precision':
			return m.ledger_err_precision({ field });
		case 'date_invalid':
			return m.ledger_err_date_invalid({ field });
		case 'date_future':
			return m.ledger_err_date_future({ field, today: p('today') });
		case 'date_too_early':
			return m.ledger_err_date_too_early({ field, min: p('min') });
		case 'end_before_start':
			return m.ledger_err_end_before_start();
		case 'too_long':
			return m.ledger_err_too_long({ field, max: p('max') });
		case 'bad_kind':
			return m.ledger_err_bad_kind({ value: p('value') });
		case 'unknown_person':
			return m.ledger_err_unknown_person({ value: p('value') });
		case 'bad_attachment':
			return m.ledger_err_bad_attachment();
		case 'attachment_too_large':
			return m.ledger_err_attachment_too_large({ mb: p('mb') });
		case 'duplicate_row':
			return m.ledger_err_duplicate_row({ first: p('first') });
		case 'number_not_text':
			return m.import_err_number_not_text({ value: p('value') });
	}
}
