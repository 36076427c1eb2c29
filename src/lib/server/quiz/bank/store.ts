// Questions in the database. Callers check access first (canEditCourse);
// these functions trust their course id. Inputs are validated (input.ts).
import type { Db } from '$lib/server/db';
import type { BankQuestion, BankRow, QuestionInput, QuestionKind } from './types.ts';
import { isId } from '../../../api/ids.ts';

export const columns = (sql: Db) => sql`
	q.id, q.course_id as "courseId", q.kind, q.stem, q.options, q.answer, q.explanation, q.tags,
	q.difficulty, q.shared, q.archived_at is not null as archived, q.updated_at as "updatedAt"`;

/** postgres.js returns smallint[] as numbers already; normalise order for callers. */
export function row<T extends BankQuestion>(r: T): T {
	return { ...r, answer: [...r.answer].map(Number).sort((a, b) => a - b) };
}

export interface UsableFilter {
	kind?: QuestionKind;
	tag?: string;
	ids?: number[];
}

/**
 * The pool a quiz of `courseId` may use: the course's own non-archived
 * questions plus the `shared` non-archived questions of every course that has
 * a lecturer in common with it. Server-only: rows include the key.
 */
export async function usableQuestions(
	sql: Db,
	courseId: number,
	filter: UsableFilter = {}
): Promise<BankQuestion[]> {
	const rows = await sql<BankQuestion[]>`
		select q.id, q.course_id as "courseId", q.kind, q.stem, q.options, q.answer, q.explanation, q.tags, q.difficulty
		from questions q
		where q.archived_at is null
			and (q.course_id = ${courseId}
				or (q.shared and q.course_id in (
					select other.course_id from course_lecturers mine
					join course_lecturers other on other.user_id = mine.user_id
					where mine.course_id = ${courseId})))
			${filter.kind ? sql`and q.kind = ${filter.kind}` : sql``}
			${filter.tag ? sql`and q.tags @> ${[filter.tag]}::text[]` : sql``}
			${filter.ids ? sql`and q.id = any(${filter.ids}::int[])` : sql``}
		order by q.id`;
	return rows.map(row);
}

/** Writes validated questions into the course's bank; returns the new ids in input order. */
export async function insertQuestions(
	tx: Db,
	courseId: number,
	createdBy: number | null,
	rows: QuestionInput[]
): Promise<number[]> {
	if (rows.length === 0) return [];
	// One statement for the whole batch (imports are up to 2,000 rows): arrays of
	// different lengths travel as JSON, since a text[][] parameter must be rectangular.
	const json = JSON.stringify(rows);
	const inserted = await tx<{ id: number }[]>`
		insert into questions (course_id, kind, stem, options, answer, explanation, tags, difficulty, shared, created_by)
		select ${courseId}, e.j->>'kind', e.j->>'stem',
			array(select jsonb_array_elements_text(e.j->'options')),
			array(select x::smallint from jsonb_array_elements_text(e.j->'answer') x),
			e.j->>'explanation',
			array(select jsonb_array_elements_text(e.j->'tags')),
			(e.j->>'difficulty')::smallint, (e.j->>'shared')::boolean, ${createdBy}
		from jsonb_array_elements(${json}::text::jsonb) with ordinality as e(j, ord)
		order by e.ord
		returning id`;
	// serial ids are drawn in insertion order, which follows `ord`
	return inserted.map((r) => r.id).sort((a, b) => a - b);
}

/** One question of this course's own bank (archived too), or null. */
export async function getQuestion(sql: Db, courseId: number, id: number): Promise<BankRow | null> {
	if (!isId(id)) return null;
	const [r] = await sql<
		BankRow[]
	>`select ${columns(sql)} from questions q where q.id = ${id} and q.course_id = ${courseId}`;
	return r ? row(r) : null;
}

/** Rewrites a question; false when it is not in this course's bank. */
export async function updateQuestion(
	sql: Db,
	courseId: number,
	id: number,
	q: QuestionInput
): Promise<boolean> {
	const r = await sql`
		update questions set kind = ${q.kind}, stem = ${q.stem}, options = ${q.options}::text[], answer = ${q.answer}::smallint[],
			explanation = ${q.explanation}, tags = ${q.tags}::text[], difficulty = ${q.difficulty}, shared = ${q.shared}, updated_at = now()
		where id = ${id} and course_id = ${courseId}`;
	return r.count === 1;
}

/** Archived questions leave every pool (running papers keep their frozen copy). */
export async function setArchived(
	sql: Db,
	courseId: number,
	id: number,
	archived: boolean
): Promise<boolean> {
	const r = await sql`
		update questions set archived_at = ${archived ? sql`now()` : null}, updated_at = now()
		where id = ${id} and course_id = ${courseId}`;
	return r.count === 1;
}

/**
 * Quizzes (not archived) that list this question as a fixed question. Archiving
 * it — or un-sharing it, for quizzes of other courses — would leave them
 * unable to start a paper, so the bank refuses those changes while they exist.
 */
export async function fixedQuizzesUsing(
	sql: Db,
	questionId: number
): Promise<{ id: number; title: string; courseId: number }[]> {
	return sql<{ id: number; title: string; courseId: number }[]>`
		select z.id, z.title, z.course_id as "courseId"
		from quiz_questions qq join quizzes z on z.id = qq.quiz_id
		where qq.question_id = ${questionId} and z.status <> 'archived'
		order by z.id`;
}
