// Fixtures for the live room tests: a small org tree, people with session
// cookies, a live session with an audience.
import type postgres from 'postgres';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { SessionUser } from '../../src/lib/server/auth/types';

let n = 0;
const tag = () => `${process.pid % 1000}_${++n}_${Math.random().toString(36).slice(2, 6)}`;

export async function addUnit(
	sql: postgres.Sql,
	parentId?: number,
	name = `单位${tag()}`
): Promise<number> {
	const [u] =
		await sql`insert into org_units (name, kind, parent_id) values (${name}, ${parentId ? 'township' : 'county'}, ${parentId ?? null}) returning id`;
	await sql`insert into org_closure (ancestor_id, descendant_id, depth) values (${u.id}, ${u.id}, 0)`;
	if (parentId) {
		await sql`
			insert into org_closure (ancestor_id, descendant_id, depth)
			select ancestor_id, ${u.id}, depth + 1 from org_closure where descendant_id = ${parentId}`;
	}
	return u.id;
}

export interface Person extends SessionUser {
	cookie: string;
}

export async function addPerson(
	sql: postgres.Sql,
	unitId: number,
	roles: string[] = ['learner'],
	name = '学员'
): Promise<Person> {
	const no = `L${tag()}`;
	const [u] = await sql`
		insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password)
		values (${no}, ${name}, ${unitId}, 'general', ${roles}, false) returning id`;
	if (roles.includes('leader'))
		await sql`insert into leader_scopes (user_id, unit_id) values (${u.id}, ${unitId})`;
	const token = await sessions.create(sql, u.id);
	return {
		id: u.id,
		employeeNo: no,
		name,
		unitId,
		roles: roles as SessionUser['roles'],
		scopeUnitIds: roles.includes('leader') ? [unitId] : [],
		locale: null,
		mustChangePassword: false,
		cookie: `${sessions.COOKIE}=${token}`
	};
}

export async function addSession(
	sql: postgres.Sql,
	o: {
		lecturerId: number;
		unitIds?: number[];
		programmeId?: number;
		status?: string;
		startedAt?: Date | null;
		creditHours?: number;
	}
): Promise<number> {
	const [s] = await sql`
		insert into live_sessions (title, lecturer_id, starts_at, expected_minutes, status, started_at, stream_key, programme_id, credit_hours)
		values ('直播测试', ${o.lecturerId}, now(), 60, ${o.status ?? 'live'},
			${o.startedAt === undefined ? new Date() : o.startedAt}, ${'k' + tag()}, ${o.programmeId ?? null}, ${o.creditHours ?? 1.5})
		returning id`;
	for (const u of o.unitIds ?? [])
		await sql`insert into live_session_units (session_id, unit_id) values (${s.id}, ${u})`;
	return s.id;
}
