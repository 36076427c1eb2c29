// Field teaching bases (基地) and points (现场教学点): records, and how often
// each was used this year (sessions held there, sessions of routes through it,
// classes located there), counted from class_sessions and classes.
import type { Db } from '../db/index.ts';
import { startOfDay, yearOf } from '../clock/index.ts';
import {
	validateSite,
	type SiteFieldError,
	type SiteInput,
	type SiteKind,
	type SiteLevel
} from './validate.ts';

export interface Site {
	id: number;
	kind: SiteKind;
	name: string;
	level: SiteLevel;
	address: string;
	theme: string;
	capacity: number | null;
	contact: string;
	active: boolean;
}

export interface SiteUsage extends Site {
	/** class sessions held at the site this year */
	sessions: number;
	/** class sessions of a route that stops at the site, this year */
	viaRoutes: number;
	/** classes starting this year located at the site */
	classes: number;
}

export type SiteSave = { ok: true; id: number } | { ok: false; errors: SiteFieldError[] };

/** [start, end) of the organisation's calendar year. */
export function yearRange(year: number = yearOf(new Date())): {
	year: number;
	from: Date;
	to: Date;
} {
	return { year, from: startOfDay(`${year}-01-01`)!, to: startOfDay(`${year + 1}-01-01`)! };
}

export async function getSite(sql: Db, id: number): Promise<Site | null> {
	const [row] = await sql<Site[]>`
		select id, kind, name, level, address, theme, capacity, contact, active from teaching_sites where id = ${id}`;
	return row ?? null;
}

/** Creates (id null) or edits a site. Not found → null; a name already used → error, nothing written. */
export async function saveSite(
	sql: Db,
	id: number | null,
	input: SiteInput
): Promise<SiteSave | null> {
	const checked = validateSite(input);
	if (!checked.ok) return checked;
	const v = checked.value;
	const [clash] = await sql`
		select 1 from teaching_sites where lower(name) = lower(${v.name}) and id is distinct from ${id}::int`;
	if (clash) return { ok: false, errors: [{ field: 'name', code: 'taken' }] };
	try {
		if (id === null) {
			const [row] = await sql`
				insert into teaching_sites (kind, name, level, address, theme, capacity, contact)
				values (${v.kind}, ${v.name}, ${v.level}, ${v.address}, ${v.theme}, ${v.capacity}, ${v.contact})
				returning id`;
			return { ok: true, id: row.id };
		}
		const rows = await sql`
			update teaching_sites set kind = ${v.kind}, name = ${v.name}, level = ${v.level}, address = ${v.address},
				theme = ${v.theme}, capacity = ${v.capacity}, contact = ${v.contact}
			where id = ${id} returning id`;
		return rows.length ? { ok: true, id } : null;
	} catch (e) {
		// two saves of one name at once: the unique index decides
		if ((e as { code?: string }).code === '23505')
			return { ok: false, errors: [{ field: 'name', code: 'taken' }] };
		throw e;
	}
}

export async function setSiteActive(sql: Db, id: number, active: boolean): Promise<boolean> {
	return (
		(await sql`update teaching_sites set active = ${active} where id = ${id} returning id`).length >
		0
	);
}

/** Every base and point with this year's use, bases first. */
export async function listSites(sql: Db, year?: number): Promise<SiteUsage[]> {
	const r = yearRange(year);
	return sql<SiteUsage[]>`
		select t.id, t.kind, t.name, t.level, t.address, t.theme, t.capacity, t.contact, t.active,
			(select count(*)::int from class_sessions s
				where s.site_id = t.id and s.starts_at >= ${r.from} and s.starts_at < ${r.to}) as sessions,
			(select count(*)::int from teaching_route_stops rs join class_sessions s on s.route_id = rs.route_id
				where rs.site_id = t.id and s.starts_at >= ${r.from} and s.starts_at < ${r.to}) as "viaRoutes",
			(select count(*)::int from classes c
				where c.site_id = t.id and c.starts_on >= ${`${r.year}-01-01`}::date
					and c.starts_on < ${`${r.year + 1}-01-01`}::date) as classes
		from teaching_sites t
		order by t.active desc, t.kind, t.name, t.id`;
}
