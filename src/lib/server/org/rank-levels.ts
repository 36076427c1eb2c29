// Rank levels (职级) as stored in users.rank_level (migrations/0001), their
// labels (messages), and parsing from what people type in roster files.
import { m } from '../../paraglide/messages.js';

export const RANK_LEVELS = ['county', 'township', 'general', 'employee'] as const;
export type RankLevel = (typeof RANK_LEVELS)[number];
export type { Locale } from '../../paraglide/runtime.js';
import type { Locale } from '../../paraglide/runtime.js';

export function isRankLevel(value: unknown): value is RankLevel {
	return typeof value === 'string' && (RANK_LEVELS as readonly string[]).includes(value);
}

/** The label in the UI language (the current request's locale unless given). */
export function rankLabel(level: RankLevel, locale?: Locale): string {
	const opts = locale ? { locale } : undefined;
	switch (level) {
		case 'county':
			return m.people_rank_county({}, opts);
		case 'township':
			return m.people_rank_township({}, opts);
		case 'general':
			return m.people_rank_general({}, opts);
		case 'employee':
			return m.people_rank_employee({}, opts);
	}
}

/** Every spelling accepted in an import file, normalised (no spaces, lower case). */
const ALIASES: Record<string, RankLevel> = {
	县处级及以上: 'county',
	县处级以上: 'county',
	县处级: 'county',
	乡科级: 'township',
	一般干部: 'general',
	职工: 'employee',
	county: 'county',
	township: 'township',
	general: 'general',
	employee: 'employee'
};

/**
 * Parses a rank level from an import cell: the Chinese label (县处级及以上,
 * 乡科级, 一般干部, 职工; also 县处级) or the English code (county, township,
 * general, employee), case- and space-insensitive. Null when not recognised.
 */
export function parseRankLevel(input: string): RankLevel | null {
	const key = input.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
	return Object.hasOwn(ALIASES, key) ? ALIASES[key] : null;
}
