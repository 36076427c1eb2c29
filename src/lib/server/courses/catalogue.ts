// The learners' catalogue: published courses the reader may see, searchable by title and
// description, filterable by category, a page at a time.
import * as limits from '../../api/limits.ts';
import type { Db } from '../db/index.ts';
import { isCategory } from './categories.ts';
import { reachesViewer } from './access.ts';

export interface CatalogueCourse {
	id: number;
	title: string;
	description: string;
	category: string;
	hasCover: boolean;
	updatedAt: Date;
	lecturers: string[];
	lessonCount: number;
	/** Sum of the lessons' durations known so far (those whose media is ready). */
	totalSeconds: number;
}

export interface CatalogueQuery {
	q?: string;
	category?: string | null;
	page?: number;
	pageSize?: number;
	/** who reads it: courses limited to a live session's audience show to that audience only */
	viewer?: { id: number; roles: readonly string[] } | null;
}

export const PAGE_SIZE = 12;

const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listCatalogue(
	sql: Db,
	query: CatalogueQuery = {}
): Promise<{ courses: CatalogueCourse[]; total: number; page: number; pageSize: number }> {
	const term = (query.q ?? '').normalize('NFC').trim().slice(0, limits.search.text);
	const category = isCategory(query.category) ? query.category : null;
	const pageSize = Math.min(Math.max(Math.trunc(query.pageSize ?? PAGE_SIZE), 1), 100);
	const page = Math.min(Math.max(Math.trunc(query.page ?? 1) || 1, 1), 10_000);
	const pattern = likePattern(term);
	const where = sql`
		c.status = 'published'
		and (${!!query.viewer?.roles.includes('admin')} or ${reachesViewer(sql, query.viewer?.id ?? null)})
		and (${category}::text is null or c.category = ${category})
		and (${term} = '' or c.title ilike ${pattern} or c.description ilike ${pattern})`;
	const [{ total }] = await sql<
		{ total: number }[]
	>`select count(*)::int as total from courses c where ${where}`;
	const courses = await sql<CatalogueCourse[]>`
		select c.id, c.title, c.description, c.category, c.cover_path is not null as "hasCover", c.updated_at as "updatedAt",
			coalesce((select array_agg(u.name order by u.name, u.id) from course_lecturers l join users u on u.id = l.user_id
				where l.course_id = c.id), '{}') as lecturers,
			(select count(*) from lessons l where l.course_id = c.id)::int as "lessonCount",
			coalesce((select sum(l.duration_seconds) from lessons l where l.course_id = c.id), 0)::int as "totalSeconds"
		from courses c where ${where}
		order by c.published_at desc nulls last, c.id desc
		limit ${pageSize} offset ${(page - 1) * pageSize}`;
	return { courses, total, page, pageSize };
}
