// Fixtures for the progress tests: a unit, people, a published course with
// lessons whose media are ready, straight into a fresh test schema.
import type postgres from 'postgres';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { commitHeartbeats, type HeartbeatItem } from '../../src/lib/server/progress/commit';

export async function addUnit(sql: postgres.Sql): Promise<number> {
	const [u] =
		await sql`insert into org_units (name, kind) values (${'单位' + Math.random().toString(36).slice(2, 8)}, 'county') returning id`;
	await sql`insert into org_closure (ancestor_id, descendant_id, depth) values (${u.id}, ${u.id}, 0)`;
	return u.id;
}

let userCounter = 0;
export async function addUser(
	sql: postgres.Sql,
	unitId: number,
	roles: string[] = ['learner']
): Promise<SessionUser> {
	const no = `P${process.pid % 1000}_${++userCounter}_${Math.random().toString(36).slice(2, 6)}`;
	const [u] = await sql`
		insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password)
		values (${no}, '学员', ${unitId}, 'general', ${roles}, false) returning id`;
	return {
		id: u.id,
		employeeNo: no,
		name: '学员',
		unitId,
		roles: roles as SessionUser['roles'],
		scopeUnitIds: [],
		locale: null,
		mustChangePassword: false
	};
}

export interface CourseOptions {
	status?: 'draft' | 'published' | 'archived';
	durations?: number[];
	maxRate?: number;
	presence?: boolean;
	ratio?: number;
}

export async function addCourse(
	sql: postgres.Sql,
	o: CourseOptions = {}
): Promise<{ courseId: number; lessonIds: number[] }> {
	const [c] = await sql`
		insert into courses (title, category, status, max_credited_rate, presence_check, completion_ratio)
		values ('测试课程', 'theory', ${o.status ?? 'published'}, ${o.maxRate ?? 1}, ${o.presence ?? false}, ${o.ratio ?? 0.95})
		returning id`;
	const lessonIds: number[] = [];
	for (const [i, d] of (o.durations ?? [600]).entries()) {
		const [m] =
			await sql`insert into media_assets (status, duration_seconds) values ('ready', ${d}) returning id`;
		const [l] = await sql`
			insert into lessons (course_id, position, title, media_id, duration_seconds)
			values (${c.id}, ${i}, ${'第' + (i + 1) + '讲'}, ${m.id}, ${d}) returning id`;
		lessonIds.push(l.id);
	}
	return { courseId: c.id, lessonIds };
}

/** A controllable clock: tests move time, the code under test reads it. */
export class Clock {
	constructor(public ms = Date.UTC(2026, 5, 1, 2, 0, 0)) {}
	get now() {
		return new Date(this.ms);
	}
	advance(seconds: number) {
		this.ms += Math.round(seconds * 1000);
		return this;
	}
}

export async function beat(
	sql: postgres.Sql,
	clock: Clock,
	user: SessionUser,
	playbackId: string,
	hb: Partial<HeartbeatItem> & { seq: number; intervals: [number, number][] }
) {
	const item: HeartbeatItem = {
		position: hb.intervals.at(-1)?.[1] ?? 0,
		rate: 1,
		event: 'tick',
		playbackId,
		userId: user.id,
		...hb
	};
	const [out] = await commitHeartbeats(sql, [item], clock.now);
	return out;
}

export async function coverageRow(sql: postgres.Sql, userId: number, lessonId: number) {
	const [row] = await sql`
		select watched::text as bits, seconds_watched, position, completed_at from lesson_progress
		where user_id = ${userId} and lesson_id = ${lessonId}`;
	return row as
		| { bits: string; seconds_watched: number; position: string; completed_at: Date | null }
		| undefined;
}
