// The kinds of org unit (must match the check constraint on org_units.kind in
// migrations/0001_foundation.sql) and their labels in the UI language.
import { m } from '../../paraglide/messages.js';

import { UNIT_KINDS, type UnitKind } from '../../api/units.ts';

export { UNIT_KINDS, type UnitKind };

export function isUnitKind(value: unknown): value is UnitKind {
	return typeof value === 'string' && (UNIT_KINDS as readonly string[]).includes(value);
}

import type { Locale } from '../../paraglide/runtime.js';

const LABELS: Record<UnitKind, (locale?: Locale) => string> = {
	prefecture: (locale) => m.units_kind_prefecture({}, { locale }),
	county: (locale) => m.units_kind_county({}, { locale }),
	park: (locale) => m.units_kind_park({}, { locale }),
	department: (locale) => m.units_kind_department({}, { locale }),
	soe: (locale) => m.units_kind_soe({}, { locale }),
	township: (locale) => m.units_kind_township({}, { locale }),
	village: (locale) => m.units_kind_village({}, { locale }),
	other: (locale) => m.units_kind_other({}, { locale })
};

/** The label of a kind (州, 县市, …) in `locale`, or in the request's locale when omitted. */
export function unitKindLabel(kind: UnitKind, locale?: Locale): string {
	return LABELS[kind](locale);
}

/** Every kind with its label, in display order (for select boxes and lookups). */
export function unitKindOptions(locale?: Locale): { value: UnitKind; label: string }[] {
	return UNIT_KINDS.map((value) => ({ value, label: unitKindLabel(value, locale) }));
}
