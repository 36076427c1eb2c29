// The people of a unit (optionally with every unit below it) in a programme:
// status, progress, last activity; filterable, searchable, paged.
import type postgres from 'postgres';
import type { Db } from '$lib/server/db';
import { PEOPLE_SORTS, type PeopleSort, type SortDir } from '../../api/reports.ts';
import { search } from '../../api/limits.ts';

export const PEOPLE_FILTERS = [
	'all',
	'not_started',
	'in_progress',
	'completed',
	'overdue'
] as const;
export type PeopleFilter = (typeof PEOPLE_FILTERS)[number];
export const PEOPLE_PAGE_SIZE = 50;

export interface PeopleQuery {
	programme: { id: number; deadline: Date };
	unitId: number;
	includeSub: boolean;
	filter: PeopleFilter;
	/** name or employee number (part of the name, start of the number) */
	q: string;
	/** column and direction; the default is status (not started first), then employee number */
	sort?: PeopleSort;
	dir?: SortDir;
	at?: Date;
}

export interface PersonRow {
	userId: number;
	employeeNo: string;
	name: string;
	unitName: string;
	/** from the root down, '/' between (village names repeat across townships) */
	unitPath: string;
	status: 'not_started' | 'in_progress' | 'completed';
	requiredDone: number;
	requiredTotal: number;
	lastActivityAt: Date | null;
	completedAt: Date | null;
	overdue: boolean;
	/** the latest 催学 reminder this person got for the programme */
	remindedAt: Date | null;
}

export function parseSort(sort: unknown, dir: unknown): { sort: PeopleSort; dir: SortDir } {
	const s = (PEOPLE_SORTS as readonly unknown[]).includes(sort) ? (sort as PeopleSort) : 'status';
	return { sort: s, dir: dir === 'desc' ? 'desc' : 'asc' };
}

export function parseFilter(v: string | null): PeopleFilter {
	return (PEOPLE_FILTERS as readonly string[]).includes(v ?? '') ? (v as PeopleFilter) : 'all';
}

/**
 * The list's filter as the page's GET form and the export / 催学 POST forms
 * send it. Sub-units are included unless the form says sub=0 (the GET form
 * sends a hidden 0 before the checkbox's 1, so an unticked box reads 0 and
 * a URL without the parameter includes them: the unit row's count and the
 * list agree by default).
 */
export function peopleParams(p: URLSearchParams | FormData) {
	const sub = p.getAll('sub').map(String);
	return {
		filter: parseFilter(String(p.get('status') ?? 'all')),
		q: String(p.get('q') ?? '')
			.trim()
			.slice(0, search.people),
		includeSub: sub.length === 0 || sub.includes('1'),
		...parseSort(p.get('sort'), p.get('dir'))
	};
}

/** The rows a people query matches: `a` the assignment, `u` the person. */
export function where(sql: Db, o: PeopleQuery) {
	const at = o.at ?? new Date();
	const late = at.getTime() > o.programme.deadline.getTime();
	const units = o.includeSub
		? sql`a.unit_id in (select descendant_id from org_closure where ancestor_id = ${o.unitId})`
		: sql`a.unit_id = ${o.unitId}`;
	const status =
		o.filter === 'all'
			? sql``
			: o.filter === 'overdue'
				? late
					? sql`and a.status <> 'completed'`
					: sql`and false`
				: sql`and a.status = ${o.filter}`;
	const needle = o.q.normalize('NFC').trim().toLowerCase().slice(0, 50);
	const search = needle
		? sql`and (strpos(lower(u.name), ${needle}) > 0 or lower(u.employee_no) like ${needle.replace(/[\\%_]/g, '\\$&') + '%'})`
		: sql``;
	return {
		late,
		cond: sql`a.programme_id = ${o.programme.id} and a.removed_at is null and ${units} ${status} ${search}`
	};
}

function select(sql: Db, late: boolean) {
	return sql`
		select a.user_id as "userId", u.employee_no as "employeeNo", u.name, ou.name as "unitName",
			(select string_agg(btrim(x.name), '/' order by c.depth desc) from org_closure c
				join org_units x on x.id = c.ancestor_id where c.descendant_id = a.unit_id) as "unitPath",
			a.status,
			a.required_done as "requiredDone", a.required_total as "requiredTotal",
			a.last_activity_at as "lastActivityAt", a.completed_at as "completedAt",
			(${late} and a.status <> 'completed') as overdue,
			(select max(n.sent_at) from programme_nudges n
				where n.programme_id = a.programme_id and n.user_id = a.user_id) as "remindedAt"`;
}

// What each sort key orders by; the user id last makes the order total, so
// pages never repeat or skip a row and the export comes out as the list.
const KEYS: Record<PeopleSort, string> = {
	status: `case a.status when 'not_started' then 0 when 'in_progress' then 1 else 2 end`,
	employee_no: 'u.employee_no',
	name: 'u.name',
	unit: 'ou.name',
	progress: 'a.required_done::float8 / nullif(a.required_total, 0)',
	last_activity: 'a.last_activity_at',
	overdue: `(a.status <> 'completed')`,
	reminded: `(select max(n.sent_at) from programme_nudges n where n.programme_id = a.programme_id and n.user_id = a.user_id)`
};

function order(sql: Db, o: PeopleQuery) {
	const { sort, dir } = parseSort(o.sort, o.dir);
	// constants from KEYS only, never the request's text
	const key = sql.unsafe(`${KEYS[sort]} ${dir === 'desc' ? 'desc' : 'asc'} nulls last`);
	const then = sort === 'status' ? sql`u.employee_no, a.user_id` : sql`a.user_id`;
	return sql`order by ${key}, ${sort === 'employee_no' ? sql`a.user_id` : then}`;
}

export async function peoplePage(
	sql: Db,
	o: PeopleQuery,
	page = 1,
	pageSize = PEOPLE_PAGE_SIZE
): Promise<{ rows: PersonRow[]; total: number; page: number; pages: number }> {
	const { late, cond } = where(sql, o);
	const [{ n }] = await sql<{ n: number }[]>`
		select count(*)::int as n from programme_assignments a join users u on u.id = a.user_id where ${cond}`;
	const pages = Math.max(1, Math.ceil(n / pageSize));
	const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	const rows = await sql<PersonRow[]>`
		${select(sql, late)}
		from programme_assignments a join users u on u.id = a.user_id join org_units ou on ou.id = a.unit_id
		where ${cond} ${order(sql, o)} limit ${pageSize} offset ${(p - 1) * pageSize}`;
	return { rows, total: n, page: p, pages };
}

export async function countPeople(sql: Db, o: PeopleQuery): Promise<number> {
	const { cond } = where(sql, o);
	const [{ n }] = await sql<{ n: number }[]>`
		select count(*)::int as n from programme_assignments a join users u on u.id = a.user_id where ${cond}`;
	return n;
}

/** All matching rows in batches (a server-side cursor), for exports. */
export function peopleCursor(sql: Db, o: PeopleQuery, batch = 2000): AsyncIterable<PersonRow[]> {
	const { late, cond } = where(sql, o);
	const q = sql<PersonRow[]>`
		${select(sql, late)}
		from programme_assignments a join users u on u.id = a.user_id join org_units ou on ou.id = a.unit_id
		where ${cond} ${order(sql, o)}` as unknown as postgres.PendingQuery<PersonRow[]>;
	return q.cursor(batch) as AsyncIterable<PersonRow[]>;
}
