// Coverage writes of a batch: bits OR'ed into lesson_progress (never
// overwritten, so concurrent writers cannot lose seconds), the resume point,
// and lessons that reached their completion ratio.
import type { Db } from '../db/index.ts';
import { bitsToString } from './credit.ts';

export interface CoverageWrite {
	userId: number;
	lessonId: number;
	courseId: number;
	duration: number;
	ratio: number;
	bits: Uint8Array | null;
	position: number | null;
	seq: number;
	/** false: only replays in this batch, read the state but write nothing */
	write: boolean;
}

export interface CoverageState {
	rows: Map<string, { seconds: number; completed: boolean }>;
	newlyCompleted: { userId: number; courseId: number; lessonId: number }[];
}

/** Seconds a lesson needs for completion (ratio of its duration, rounded up). */
export const neededSeconds = (ratio: number, duration: number) => Math.ceil(ratio * duration - 1e-9);

export async function writeCoverage(tx: Db, all: CoverageWrite[], at: Date): Promise<CoverageState> {
	// Sorted, so concurrent batches lock coverage rows in the same order.
	const sorted = [...all].sort((a, b) => a.userId - b.userId || a.lessonId - b.lessonId);
	const writes = sorted.filter((w) => w.write && w.duration > 0);
	let newlyCompleted: CoverageState['newlyCompleted'] = [];
	if (writes.length) {
		await tx`
			insert into lesson_progress (user_id, lesson_id, watched, seconds_watched, position, updated_at)
			select u.user_id, u.lesson_id, u.bits::varbit, bit_count(u.bits::varbit)::int, 0, ${at}
			from unnest(${writes.map((w) => w.userId)}::int[], ${writes.map((w) => w.lessonId)}::int[],
				${writes.map((w) => bitsToString(w.bits ?? new Uint8Array(w.duration)))}::text[]) as u (user_id, lesson_id, bits)
			order by 1, 2
			on conflict (user_id, lesson_id) do update set
				watched = progress_merge(lesson_progress.watched, excluded.watched),
				seconds_watched = bit_count(progress_merge(lesson_progress.watched, excluded.watched))::int,
				updated_at = excluded.updated_at`;
		const moved = writes.filter((w) => w.position !== null);
		if (moved.length) {
			await tx`
				update lesson_progress lp set position = u.pos
				from unnest(${moved.map((w) => w.userId)}::int[], ${moved.map((w) => w.lessonId)}::int[],
					${moved.map((w) => w.position!)}::numeric[]) as u (user_id, lesson_id, pos)
				where lp.user_id = u.user_id and lp.lesson_id = u.lesson_id`;
		}
		const done = await tx`
			update lesson_progress lp set completed_at = ${at}
			from unnest(${writes.map((w) => w.userId)}::int[], ${writes.map((w) => w.lessonId)}::int[],
				${writes.map((w) => neededSeconds(w.ratio, w.duration))}::int[]) as u (user_id, lesson_id, need)
			where lp.user_id = u.user_id and lp.lesson_id = u.lesson_id
				and lp.completed_at is null and lp.seconds_watched >= u.need
			returning lp.user_id, lp.lesson_id`;
		const course = new Map(writes.map((w) => [`${w.userId}:${w.lessonId}`, w.courseId]));
		newlyCompleted = done.map((r) => ({
			userId: r.user_id,
			lessonId: r.lesson_id,
			courseId: course.get(`${r.user_id}:${r.lesson_id}`)!
		}));
	}
	const rows = new Map<string, { seconds: number; completed: boolean }>();
	if (sorted.length) {
		const found = await tx`
			select lp.user_id, lp.lesson_id, lp.seconds_watched, lp.completed_at
			from lesson_progress lp
			join unnest(${sorted.map((w) => w.userId)}::int[], ${sorted.map((w) => w.lessonId)}::int[]) as u (user_id, lesson_id)
				on lp.user_id = u.user_id and lp.lesson_id = u.lesson_id`;
		for (const r of found) rows.set(`${r.user_id}:${r.lesson_id}`, { seconds: r.seconds_watched, completed: r.completed_at !== null });
	}
	return { rows, newlyCompleted };
}
