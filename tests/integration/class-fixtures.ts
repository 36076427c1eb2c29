// Fixtures for the class tests: a county with two townships, people, a
// leader of one township, a lecturer and a teaching point, a class.
import type postgres from 'postgres';
import { createClass } from '../../src/lib/server/classes/classes';

let n = 0;
export async function unit(sql: postgres.Sql, parent: number | null): Promise<number> {
	const [u] = await sql`
		insert into org_units (parent_id, name, kind) values (${parent}, ${'单位' + ++n + Math.random().toString(36).slice(2, 6)}, ${parent ? 'township' : 'county'})
		returning id`;
	await sql`
		insert into org_closure (ancestor_id, descendant_id, depth)
		select ancestor_id, ${u.id}::int, depth + 1 from org_closure where descendant_id = ${parent}::int
		union all select ${u.id}::int, ${u.id}::int, 0`;
	return u.id;
}

export async function person(
	sql: postgres.Sql,
	unitId: number,
	roles = ['learner'],
	scope: number[] = []
) {
	const [u] = await sql`
		insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password)
		values (${'C' + ++n + Math.random().toString(36).slice(2, 8)}, ${'学员' + n}, ${unitId}, 'township', ${roles}, false)
		returning id`;
	for (const s of scope)
		await sql`insert into leader_scopes (user_id, unit_id) values (${u.id}, ${s})`;
	return { id: u.id as number, roles };
}

export async function world(sql: postgres.Sql, capacity = 10) {
	const county = await unit(sql, null);
	const townA = await unit(sql, county);
	const townB = await unit(sql, county);
	const admin = await person(sql, county, ['admin']);
	const leaderA = await person(sql, townA, ['leader'], [townA]);
	const [site] = await sql`
		insert into teaching_sites (kind, name, level) values ('point', ${'教学点' + ++n}, 'prefecture') returning id`;
	const [staff] = await sql`select id from users where id = ${leaderA.id}`;
	const [lecturer] = await sql`
		insert into lecturers (user_id, name, level, topics) values (${staff.id}, '张老师', 'prefecture', ${['乡村振兴', '基层治理']})
		returning id`;
	const classId = await createClass(
		sql,
		{
			title: '乡村振兴专题培训班',
			groupCode: 'econ_dev',
			fieldCode: 'rural',
			organiserUnitId: county,
			startsOn: '2026-05-11',
			endsOn: '2026-05-15',
			siteId: site.id,
			locationText: '',
			capacity
		},
		admin.id
	);
	await sql`update classes set status = 'enrolling' where id = ${classId}`;
	return {
		county,
		townA,
		townB,
		admin,
		leaderA,
		siteId: site.id as number,
		lecturerId: lecturer.id as number,
		classId
	};
}
