// Unit paths: a unit is named in files and forms by the names from the root
// down, joined by '/', e.g. `昌吉州/呼图壁县/五工台镇` (sibling names are unique,
// so a path names one unit). Input may also use the full-width '／' or '>'
// (and '＞') as separators; spaces around segments and empty segments (a
// leading or doubled separator) are ignored.
import type { Db } from '$lib/server/db';

export const PATH_SEPARATOR = '/';
const SEPARATORS = /[/／>＞]/;

/** Splits a typed path into trimmed, non-empty segments. */
export function splitUnitPath(input: string): string[] {
	return input
		.split(SEPARATORS)
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
}

/** The canonical form of a typed path: trimmed segments joined by '/'. */
export function normaliseUnitPath(input: string): string {
	return splitUnitPath(input).join(PATH_SEPARATOR);
}

/** Every unit's full path (canonical form) → its id, from one recursive query. */
export async function unitPathMap(sql: Db): Promise<Map<string, number>> {
	const rows = await sql<{ id: number; path: string[] }[]>`
		with recursive p (id, path) as (
			select id, array[btrim(name)] from org_units where parent_id is null
			union all
			select u.id, p.path || btrim(u.name) from org_units u join p on u.parent_id = p.id
		)
		select id, path from p`;
	const map = new Map<string, number>();
	for (const r of rows) map.set(r.path.join(PATH_SEPARATOR), r.id);
	return map;
}

/** Looks a typed path up in a map from unitPathMap (separators and spaces normalised). */
export function resolveUnitPath(map: Map<string, number>, input: string): number | undefined {
	return map.get(normaliseUnitPath(input));
}

/** The full path of one unit ('' when there is no such unit). */
export async function unitPathOf(sql: Db, id: number): Promise<string> {
	return (await unitPathsOf(sql, [id])).get(id) ?? '';
}

/** Paths of several units at once (id → path), walking up parent links. */
export async function unitPathsOf(sql: Db, ids: number[]): Promise<Map<number, string>> {
	const out = new Map<number, string>();
	if (ids.length === 0) return out;
	const rows = await sql<{ id: number; path: string[] }[]>`
		with recursive up (id, parent_id, path) as (
			select id, parent_id, array[btrim(name)] from org_units where id = any(${ids}::int[])
			union all
			select up.id, u.parent_id, btrim(u.name) || up.path from up join org_units u on u.id = up.parent_id
		)
		select id, path from up where parent_id is null`;
	for (const r of rows) out.set(r.id, r.path.join(PATH_SEPARATOR));
	return out;
}
