// What an administrator types for a field teaching base or point: every
// field checked, problems as a field and a code; nothing stored unless all is well.
import * as limits from '../../api/limits.ts';

export const SITE_KINDS = ['base', 'point'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];
export const SITE_LEVELS = ['region', 'prefecture'] as const;
export type SiteLevel = (typeof SITE_LEVELS)[number];

export interface SiteInput {
	kind: string;
	name: string;
	level: string;
	address: string;
	theme: string;
	/** '' for none */
	capacity: string;
	contact: string;
}

export interface SiteValue {
	kind: SiteKind;
	name: string;
	level: SiteLevel;
	address: string;
	theme: string;
	capacity: number | null;
	contact: string;
}

export type SiteField =
	'kind' | 'name' | 'level' | 'address' | 'theme' | 'capacity' | 'contact' | 'stops';
export interface SiteFieldError {
	field: SiteField;
	code: 'required' | 'too_long' | 'invalid' | 'taken' | 'too_many' | 'duplicate' | 'unknown';
	params?: Record<string, string | number>;
}

const len = (s: string) => [...s].length;

export function validateSite(
	input: SiteInput
): { ok: true; value: SiteValue } | { ok: false; errors: SiteFieldError[] } {
	const S = limits.site;
	const errors: SiteFieldError[] = [];
	if (!(SITE_KINDS as readonly string[]).includes(input.kind))
		errors.push({ field: 'kind', code: 'invalid' });
	const name = input.name.trim();
	if (!name) errors.push({ field: 'name', code: 'required' });
	else if (len(name) > S.name)
		errors.push({ field: 'name', code: 'too_long', params: { max: S.name } });
	if (!(SITE_LEVELS as readonly string[]).includes(input.level))
		errors.push({ field: 'level', code: 'invalid' });
	const text = {
		address: input.address.trim(),
		theme: input.theme.trim(),
		contact: input.contact.trim()
	};
	for (const f of ['address', 'theme', 'contact'] as const)
		if (len(text[f]) > S[f]) errors.push({ field: f, code: 'too_long', params: { max: S[f] } });
	const raw = input.capacity.normalize('NFKC').trim();
	let capacity: number | null = null;
	if (raw) {
		capacity = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
		if (!(capacity >= 1 && capacity <= S.capacityMax))
			errors.push({ field: 'capacity', code: 'invalid', params: { max: S.capacityMax } });
	}
	if (errors.length) return { ok: false, errors };
	return {
		ok: true,
		value: {
			kind: input.kind as SiteKind,
			name,
			level: input.level as SiteLevel,
			...text,
			capacity
		}
	};
}

/** A route's name, theme and stops (point ids in order). */
export function validateRoute(input: { name: string; theme: string; stops: number[] }) {
	const S = limits.site;
	const errors: SiteFieldError[] = [];
	const name = input.name.trim();
	const theme = input.theme.trim();
	if (!name) errors.push({ field: 'name', code: 'required' });
	else if (len(name) > S.name)
		errors.push({ field: 'name', code: 'too_long', params: { max: S.name } });
	if (len(theme) > S.theme)
		errors.push({ field: 'theme', code: 'too_long', params: { max: S.theme } });
	if (input.stops.length === 0) errors.push({ field: 'stops', code: 'required' });
	else if (input.stops.length > S.routeStops)
		errors.push({ field: 'stops', code: 'too_many', params: { max: S.routeStops } });
	else if (new Set(input.stops).size !== input.stops.length)
		errors.push({ field: 'stops', code: 'duplicate' });
	return errors.length
		? ({ ok: false, errors } as const)
		: ({ ok: true, value: { name, theme, stops: input.stops } } as const);
}
