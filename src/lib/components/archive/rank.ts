import { m } from '$lib/paraglide/messages.js';

const RANKS: Record<string, () => string> = {
	county: m.people_rank_county,
	township: m.people_rank_township,
	general: m.people_rank_general,
	employee: m.people_rank_employee
};

/** A rank level's label in the UI language (the code itself if unknown). */
export const rankName = (r: string): string => (RANKS[r] ?? (() => r))();
