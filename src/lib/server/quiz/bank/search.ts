// Finding and tagging questions of a course's own bank (the lecturer's list).
// Callers check access first (canEditCourse).
import type { Db } from '$lib/server/db';
import { columns, row } from './store.ts';
import { MAX_TAGS, type BankRow, type QuestionKind } from './types.ts';

export interface BankSearch {
	/** words in the stem, options or explanation */
	text?: string;
	tag?: string;
	kind?: QuestionKind;
	difficulty?: number;
	archived?: boolean;
	limit?: number;
	offset?: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** A page of the course's own bank, newest first, with the total for the pager. */
export async function searchQuestions(
	sql: Db,
	courseId: number,
	s: BankSearch = {}
): Promise<{ rows: BankRow[]; total: number }> {
	const like = s.text ? `%${escapeLike(s.text)}%` : null;
	const rows = await sql<(BankRow & { total: number })[]>`
		select ${columns(sql)}, count(*) over () as total
		from questions q
		where q.course_id = ${courseId}
			and ${s.archived ? sql`q.archived_at is not null` : sql`q.archived_at is null`}
			${like ? sql`and (q.stem ilike ${like} or q.explanation ilike ${like} or array_to_string(q.options, ' ') ilike ${like})` : sql``}
			${s.tag ? sql`and q.tags @> ${[s.tag]}::text[]` : sql``}
			${s.kind ? sql`and q.kind = ${s.kind}` : sql``}
			${s.difficulty ? sql`and q.difficulty = ${s.difficulty}` : sql``}
		order by q.id desc
		limit ${s.limit ?? 50} offset ${s.offset ?? 0}`;
	return { rows: rows.map(({ total: _t, ...r }) => row(r as BankRow)), total: rows[0]?.total ?? 0 };
}

/** The course's tags with how many live questions carry each, most used first. */
export async function bankTags(
	sql: Db,
	courseId: number
): Promise<{ tag: string; count: number }[]> {
	return sql<{ tag: string; count: number }[]>`
		select t as tag, count(*)::int as count
		from questions q, unnest(q.tags) t
		where q.course_id = ${courseId} and q.archived_at is null
		group by t order by count(*) desc, t limit 200`;
}

/** Every live question of the course's own bank, oldest first (for the export). */
export async function allQuestions(sql: Db, courseId: number): Promise<BankRow[]> {
	const rows = await sql<BankRow[]>`
		select ${columns(sql)} from questions q where q.course_id = ${courseId} and q.archived_at is null order by q.id`;
	return rows.map(row);
}

/**
 * Adds or removes one tag on several questions of the course's own bank.
 * A question already at MAX_TAGS keeps its tags (counted in `full`).
 */
export async function tagQuestions(
	sql: Db,
	courseId: number,
	ids: number[],
	tag: string,
	add: boolean
): Promise<{ changed: number; full: number }> {
	if (ids.length === 0) return { changed: 0, full: 0 };
	if (!add) {
		const r = await sql`
			update questions set tags = array_remove(tags, ${tag}), updated_at = now()
			where course_id = ${courseId} and id = any(${ids}::int[]) and ${tag} = any(tags)`;
		return { changed: r.count, full: 0 };
	}
	const [r] = await sql<{ changed: number; full: number }[]>`
		with target as (
			select id, cardinality(tags) >= ${MAX_TAGS} as is_full from questions
			where course_id = ${courseId} and id = any(${ids}::int[]) and not (${tag} = any(tags))
		), done as (
			update questions q set tags = q.tags || ${tag}::text, updated_at = now()
			from target where q.id = target.id and not target.is_full returning q.id
		)
		select (select count(*)::int from done) as changed, (select count(*)::int from target where is_full) as full`;
	return r;
}
