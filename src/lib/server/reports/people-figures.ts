// The people lists' and exports' 必修观看进度: the course figure
// (progress/figures.ts) of each person over the programme's required courses.
import type { Db } from '$lib/server/db';
import { peopleFigures } from '../progress/figures.ts';
import type { PersonRow } from './people.ts';

export type FiguredPerson = PersonRow & { figure: number };

async function requiredCourses(sql: Db, programmeId: number): Promise<number[]> {
	const rows =
		await sql`select course_id from programme_courses where programme_id = ${programmeId} and required`;
	return rows.map((r) => r.course_id as number);
}

export async function withFigures(
	sql: Db,
	programmeId: number,
	rows: PersonRow[],
	courses?: number[]
): Promise<FiguredPerson[]> {
	const ids = courses ?? (await requiredCourses(sql, programmeId));
	const f = await peopleFigures(
		sql,
		rows.map((r) => r.userId),
		ids
	);
	return rows.map((r) => ({ ...r, figure: f.get(r.userId)?.ratio ?? 0 }));
}

/** The export cursor's batches with each person's figure (one query per batch). */
export async function* figuredBatches(
	sql: Db,
	programmeId: number,
	batches: AsyncIterable<PersonRow[]>
): AsyncIterable<FiguredPerson[]> {
	const ids = await requiredCourses(sql, programmeId);
	for await (const b of batches) yield await withFigures(sql, programmeId, b, ids);
}
