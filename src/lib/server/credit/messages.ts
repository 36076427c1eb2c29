// Rule-form problems in the UI language, naming the field.
import { m } from '../../paraglide/messages.js';
import type { RuleError, RuleField } from './validate.ts';

const fieldLabel: Record<RuleField, () => string> = {
	validFrom: m.credit_rules_valid_from,
	note: m.credit_rules_note,
	longMinutes: m.credit_rules_long_minutes,
	shortMinutes: m.credit_rules_short_minutes,
	longHours: m.credit_rules_long_hours,
	midHours: m.credit_rules_mid_hours,
	shortHours: m.credit_rules_short_hours,
	testPassHours: m.credit_rules_test_pass,
	minPresencePercent: m.credit_rules_presence,
	offlineDayHours: m.credit_rules_offline_day,
	teachingSessionHours: m.credit_rules_teaching
};

export function ruleErrorMessage(e: RuleError): string {
	const field = fieldLabel[e.field]();
	const p = e.params ?? {};
	switch (e.code) {
		case 'required':
			return m.credit_rules_err_required({ field });
		case 'not_number':
			return m.credit_rules_err_not_number({ field });
		case 'range':
			return m.credit_rules_err_range({ field, min: p.min, max: p.max });
		case 'precision':
			return m.credit_rules_err_precision({ field, decimals: p.decimals });
		case 'bands_order':
			return m.credit_rules_err_bands_order();
		case 'date_invalid':
			return m.credit_rules_err_date_invalid();
		case 'date_past':
			return m.credit_rules_err_date_past({ today: String(p.today) });
		case 'date_taken':
			return m.credit_rules_err_date_taken();
		case 'too_long':
			return m.credit_rules_err_too_long({ field, max: p.max });
	}
}
