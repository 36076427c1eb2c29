// A programme's anti-idling settings apply to its courses for the people it
// is assigned to: the effective setting is the stricter of the course's and
// every running programme's (published, started) that assigns the person and
// contains the course. Worked out once per playback start (one indexed
// query) and kept on the playback row, so heartbeats pay nothing for it.
import type { Db } from '../db/index.ts';

export interface ProgrammeSettings {
	/** The lowest max_credited_rate among those programmes; null when none sets one. */
	maxRate: number | null;
	presence: boolean;
}

export async function programmeSettings(
	sql: Db,
	userId: number,
	courseId: number,
	at: Date
): Promise<ProgrammeSettings> {
	const [row] = await sql`
		select min(p.max_credited_rate)::float8 as rate, coalesce(bool_or(p.presence_check), false) as presence
		from programme_assignments a
		join programmes p on p.id = a.programme_id
		join programme_courses pc on pc.programme_id = a.programme_id and pc.course_id = ${courseId}
		where a.user_id = ${userId} and a.removed_at is null and p.status = 'published' and p.starts_at <= ${at}`;
	return { maxRate: row?.rate ?? null, presence: !!row?.presence };
}
