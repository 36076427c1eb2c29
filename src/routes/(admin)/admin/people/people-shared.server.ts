// Shared by the admin people pages: unit path choices and label lists.
import type { Db } from '$lib/server/db';
import { RANK_LEVELS, rankLabel } from '$lib/server/org/rank-levels';
import { unitPathMap } from '$lib/server/org/unit-paths';
import { ROLES } from '$lib/server/auth/types';
import { m } from '$lib/paraglide/messages.js';

/** Every unit's full path, sorted, for the unit pickers (a <datalist>: ~2,000 entries). */
export async function unitPaths(sql: Db): Promise<{ map: Map<string, number>; paths: string[] }> {
	const map = await unitPathMap(sql);
	const paths = [...map.keys()].sort((a, b) => a.localeCompare(b, 'zh-CN'));
	return { map, paths };
}

export function rankOptions() {
	return RANK_LEVELS.map((value) => ({ value, label: rankLabel(value) }));
}

export function roleOptions() {
	const labels = {
		learner: m.people_role_learner(),
		lecturer: m.people_role_lecturer(),
		leader: m.people_role_leader(),
		admin: m.people_role_admin()
	};
	return ROLES.map((value) => ({ value, label: labels[value] }));
}
