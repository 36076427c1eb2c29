// Fixtures for the report tests: a small org tree (with its closure), people,
// a published programme and assignments written straight into the schema.
import type postgres from 'postgres';

let n = 0;
const tag = () => `${process.pid % 1000}_${++n}_${Math.random().toString(36).slice(2, 6)}`;

/** Units under `parentId` (null: a new root); closure rows included. */
export async function addUnitUnder(
	sql: postgres.Sql,
	parentId: number | null,
	name = `单位${tag()}`,
	kind = 'township'
): Promise<number> {
	const [u] =
		await sql`insert into org_units (parent_id, name, kind) values (${parentId}, ${name}, ${kind}) returning id`;
	await sql`
		insert into org_closure (ancestor_id, descendant_id, depth)
		select ancestor_id, ${u.id}::int, depth + 1 from org_closure where descendant_id = ${parentId}::int
		union all select ${u.id}::int, ${u.id}::int, 0`;
	return u.id;
}

export async function addPerson(
	sql: postgres.Sql,
	unitId: number,
	o: { name?: string; roles?: string[] } = {}
): Promise<number> {
	const [u] = await sql`
		insert into users (employee_no, name, unit_id, rank_level, roles, must_change_password)
		values (${'E' + tag()}, ${o.name ?? '张三'}, ${unitId}, 'general', ${o.roles ?? ['learner']}, false) returning id`;
	return u.id;
}

export async function addProgramme(
	sql: postgres.Sql,
	o: { title?: string; startsAt?: Date; deadline?: Date; status?: string } = {}
): Promise<{ id: number; deadline: Date }> {
	const startsAt = o.startsAt ?? new Date(Date.now() - 10 * 86_400_000);
	const deadline = o.deadline ?? new Date(Date.now() + 20 * 86_400_000);
	const [p] = await sql`
		insert into programmes (title, status, starts_at, deadline, published_at)
		values (${o.title ?? '专题学习'}, ${o.status ?? 'published'}, ${startsAt}, ${deadline}, now()) returning id, deadline`;
	return { id: p.id, deadline: p.deadline };
}

export async function assign(
	sql: postgres.Sql,
	programmeId: number,
	rows: { userId: number; unitId: number; status?: string }[]
): Promise<void> {
	if (!rows.length) return;
	await sql`
		insert into programme_assignments (programme_id, user_id, unit_id, status, started_at, completed_at, required_total)
		select ${programmeId}, r.user_id, r.unit_id, r.status,
			case when r.status <> 'not_started' then now() end, case when r.status = 'completed' then now() end, 2
		from jsonb_to_recordset(${sql.json(rows.map((r) => ({ user_id: r.userId, unit_id: r.unitId, status: r.status ?? 'not_started' })))})
			as r(user_id int, unit_id int, status text)`;
}

/** Rolled-up counts per unit recomputed naively from the assignments (the property's oracle). */
export async function naiveRollup(sql: postgres.Sql, programmeId: number) {
	return sql<
		{
			unitId: number;
			assigned: number;
			notStarted: number;
			inProgress: number;
			completed: number;
		}[]
	>`
		select cl.ancestor_id as "unitId", count(*)::int as assigned,
			count(*) filter (where a.status = 'not_started')::int as "notStarted",
			count(*) filter (where a.status = 'in_progress')::int as "inProgress",
			count(*) filter (where a.status = 'completed')::int as completed
		from programme_assignments a join org_closure cl on cl.descendant_id = a.unit_id
		where a.programme_id = ${programmeId} and a.removed_at is null
		group by cl.ancestor_id order by cl.ancestor_id`;
}
