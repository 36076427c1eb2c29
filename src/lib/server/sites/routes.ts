// Teaching routes (精品教学路线): a named, ordered sequence of points. The
// order is saved whole: the stops are replaced in one transaction.
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import { yearRange } from './sites.ts';
import { validateRoute, type SiteFieldError } from './validate.ts';

export interface RouteStop {
	position: number;
	siteId: number;
	name: string;
}

export interface Route {
	id: number;
	name: string;
	theme: string;
	active: boolean;
	stops: RouteStop[];
	/** class sessions held on the route this year */
	sessions: number;
}

export type RouteSave = { ok: true; id: number } | { ok: false; errors: SiteFieldError[] };

export async function listRoutes(sql: Db, year?: number): Promise<Route[]> {
	const r = yearRange(year);
	return sql<Route[]>`
		select tr.id, tr.name, tr.theme, tr.active,
			coalesce((select json_agg(json_build_object('position', rs.position, 'siteId', rs.site_id, 'name', ts.name)
				order by rs.position)
				from teaching_route_stops rs join teaching_sites ts on ts.id = rs.site_id
				where rs.route_id = tr.id), '[]') as stops,
			(select count(*)::int from class_sessions s
				where s.route_id = tr.id and s.starts_at >= ${r.from} and s.starts_at < ${r.to}) as sessions
		from teaching_routes tr order by tr.active desc, tr.name, tr.id`;
}

export async function getRoute(sql: Db, id: number): Promise<Route | null> {
	return (await listRoutes(sql)).find((r) => r.id === id) ?? null;
}

/**
 * Creates (id null) or edits a route with its stops in the given order.
 * Stops must be existing, active teaching points. Not found → null.
 */
export async function saveRoute(
	sql: Db,
	id: number | null,
	input: { name: string; theme: string; stops: number[] }
): Promise<RouteSave | null> {
	const checked = validateRoute(input);
	if (!checked.ok) return { ok: false, errors: [...checked.errors] };
	const v = checked.value;
	const points = await sql`
		select id from teaching_sites where id = any(${v.stops}::int[]) and kind = 'point' and active`;
	if (points.length !== v.stops.length)
		return { ok: false, errors: [{ field: 'stops', code: 'unknown' }] };
	const [clash] = await sql`
		select 1 from teaching_routes where lower(name) = lower(${v.name}) and id is distinct from ${id}::int`;
	if (clash) return { ok: false, errors: [{ field: 'name', code: 'taken' }] };
	try {
		return await inTransaction(sql, async (tx) => {
			let routeId = id;
			if (routeId === null) {
				const [row] = await tx`
					insert into teaching_routes (name, theme) values (${v.name}, ${v.theme}) returning id`;
				routeId = row.id as number;
			} else {
				const rows = await tx`
					update teaching_routes set name = ${v.name}, theme = ${v.theme} where id = ${routeId} returning id`;
				if (!rows.length) return null;
				await tx`delete from teaching_route_stops where route_id = ${routeId}`;
			}
			await tx`
				insert into teaching_route_stops (route_id, position, site_id)
				select ${routeId}::int, ord::int, site_id from unnest(${v.stops}::int[]) with ordinality as t (site_id, ord)`;
			return { ok: true as const, id: routeId };
		});
	} catch (e) {
		if ((e as { code?: string }).code === '23505')
			return { ok: false, errors: [{ field: 'name', code: 'taken' }] };
		throw e;
	}
}

export async function setRouteActive(sql: Db, id: number, active: boolean): Promise<boolean> {
	return (
		(await sql`update teaching_routes set active = ${active} where id = ${id} returning id`)
			.length > 0
	);
}
