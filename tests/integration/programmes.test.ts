// Study programmes: publishing assigns exactly the audience; assignments stay
// current as people join, move, leave and learn; leaders stay in their subtree;
// bad input writes nothing; a programme's anti-idling settings apply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { setActive, updatePerson } from '../../src/lib/server/org/people';
import { writeRows } from '../../src/lib/server/org/roster-import/write';
import { createUnit, moveUnit } from '../../src/lib/server/org/units';
import {
	canManageProgramme,
	getProgramme,
	listProgrammes,
	myTasks,
	publishProgramme,
	saveProgramme,
	validateProgramme,
	type ProgrammeInput,
	type ProgrammeRaw
} from '../../src/lib/server/programmes';
import { startPlayback } from '../../src/lib/server/progress/playbacks';
import { taskPercent } from '../../src/lib/api/task-progress';
import { makeUnits, type UnitIds } from '../fixtures/roster-units';
import { addCourse, beat, Clock } from './progress-fixtures';

let t: TestDb;
let u: UnitIds;
let admin: SessionUser;
let n = 0;

const sessionUser = (
	id: number,
	unitId: number,
	roles: SessionUser['roles'],
	scopeUnitIds: number[] = []
): SessionUser => ({
	id,
	employeeNo: `x${id}`,
	name: 'x',
	unitId,
	roles,
	scopeUnitIds,
	locale: null,
	mustChangePassword: false
});

async function person(unitId: number, rank = 'general', active = true): Promise<number> {
	const [{ id }] = await t.sql<{ id: number }[]>`
		insert into users (employee_no, name, unit_id, rank_level, active, must_change_password)
		values (${`T${++n}`}, ${'人' + n}, ${unitId}, ${rank}, ${active}, false) returning id`;
	return id;
}

const future = new Date(Date.now() + 30 * 86400_000);
const input = (o: Partial<ProgrammeInput>): ProgrammeInput => ({
	title: '专题学习',
	description: '',
	requiredCourseIds: [],
	electiveCourseIds: [],
	minElectives: null,
	minElectiveHours: null,
	unitIds: [],
	rankLevels: null,
	personIds: [],
	startsAt: new Date(Date.now() - 86400_000),
	deadline: future,
	presenceCheck: false,
	maxCreditedRate: null,
	...o
});

async function published(o: Partial<ProgrammeInput>, by = admin): Promise<number> {
	const saved = await saveProgramme(t.sql, by, null, input(o));
	if (!saved?.ok) throw new Error(`save: ${JSON.stringify(saved)}`);
	const pub = await publishProgramme(t.sql, saved.id, by);
	if (!pub?.ok) throw new Error(`publish: ${JSON.stringify(pub)}`);
	return saved.id;
}

async function assignments(programmeId: number) {
	return t.sql<
		{
			user_id: number;
			unit_id: number;
			status: string;
			removed_at: Date | null;
			required_done: number;
			electives_done: number;
			elective_hours: string;
			started_at: Date | null;
			completed_at: Date | null;
		}[]
	>`
		select user_id, unit_id, status, removed_at, required_done, electives_done, elective_hours::text, started_at, completed_at
		from programme_assignments where programme_id = ${programmeId} order by user_id`;
}
const one = async (programmeId: number, userId: number) =>
	(await assignments(programmeId)).find((a) => a.user_id === userId);

/** Completes every lesson of the course for the person the way the heartbeat path does. */
async function complete(
	userId: number,
	course: { courseId: number; lessonIds: number[] },
	durations: number[]
) {
	const clock = new Clock(Date.now());
	const user = sessionUser(userId, u.village, ['learner']);
	for (const [i, lessonId] of course.lessonIds.entries()) {
		const started = await startPlayback(t.sql, user, { lessonId, deviceId: 'd' }, clock.now);
		if (!started.ok) throw new Error(started.code);
		clock.advance(durations[i]);
		const out = await beat(t.sql, clock, user, started.playback.playbackId, {
			seq: 1,
			intervals: [[0, durations[i]]]
		});
		if (!out.ok) throw new Error(out.code);
	}
}

beforeAll(async () => {
	t = await createTestSchema();
	u = await makeUnits(t.sql);
	admin = sessionUser(await person(u.prefecture), u.prefecture, ['admin']);
});
afterAll(() => t.drop());

describe('publishing', () => {
	it('assigns exactly the audience: subtrees limited to rank levels, plus named people', async () => {
		const course = await addCourse(t.sql);
		const inVillage = await person(u.village, 'general');
		const inDept = await person(u.dept, 'township');
		const wrongRank = await person(u.village, 'employee');
		const disabled = await person(u.village, 'general', false);
		const elsewhere = await person(u.county2, 'general');
		const named = await person(u.county2, 'employee');
		const id = await published({
			requiredCourseIds: [course.courseId],
			unitIds: [u.township, u.dept, u.village, u.township], // overlapping and repeated: one row each
			rankLevels: ['general', 'township'],
			personIds: [named]
		});
		const rows = await assignments(id);
		expect(rows.map((r) => r.user_id).sort()).toEqual([inVillage, inDept, named].sort());
		expect(rows.find((r) => r.user_id === inVillage)!.unit_id).toBe(u.village);
		expect(rows.every((r) => r.status === 'not_started' && r.removed_at === null)).toBe(true);
		for (const x of [wrongRank, disabled, elsewhere])
			expect(rows.some((r) => r.user_id === x)).toBe(false);
		// A second publish is refused and changes nothing.
		const again = await publishProgramme(t.sql, id, admin);
		expect(again?.ok).toBe(false);
		expect((await assignments(id)).length).toBe(3);
	});

	it('counts what people did before publishing', async () => {
		const course = await addCourse(t.sql, { durations: [20] });
		const done = await person(u.township);
		await complete(done, course, [20]);
		const id = await published({ requiredCourseIds: [course.courseId], unitIds: [u.township] });
		const row = await one(id, done);
		expect(row).toMatchObject({ status: 'completed', required_done: 1 });
		expect(row!.completed_at).not.toBeNull();
	});
});

describe('keeping assignments current', () => {
	let programme: number;
	let course: { courseId: number; lessonIds: number[] };
	beforeAll(async () => {
		course = await addCourse(t.sql);
		programme = await published({ requiredCourseIds: [course.courseId], unitIds: [u.county] });
	});

	it('a person imported into the audience later is assigned; one imported elsewhere is not', async () => {
		const row = (employeeNo: string, unitId: number) => ({
			employeeNo,
			name: '新人',
			unitId,
			rankLevel: 'general' as const,
			position: '',
			phone: '',
			row: 2
		});
		await t.sql.begin((tx) =>
			writeRows(tx, [row('NEW1', u.village), row('NEW2', u.county2)], 'hash')
		);
		const [a, b] =
			await t.sql`select id from users where employee_no in ('NEW1', 'NEW2') order by employee_no`;
		expect(await one(programme, a.id)).toMatchObject({
			unit_id: u.village,
			status: 'not_started',
			removed_at: null
		});
		expect(await one(programme, b.id)).toBeUndefined();
	});

	it('a move inside the audience updates unit_id; leaving keeps the row with removed_at; coming back revives it', async () => {
		const p = await person(u.village);
		const { syncPeople } = await import('../../src/lib/server/programmes');
		await t.sql.begin((tx) => syncPeople(tx, [p]));
		expect(await one(programme, p)).toMatchObject({ unit_id: u.village, removed_at: null });
		const edit = (unitId: number) =>
			updatePerson(t.sql, p, {
				name: '人',
				unitId,
				rankLevel: 'general',
				position: '',
				phone: '',
				roles: ['learner']
			});
		await edit(u.dept);
		expect(await one(programme, p)).toMatchObject({ unit_id: u.dept, removed_at: null });
		await edit(u.county2);
		const left = await one(programme, p);
		expect(left!.removed_at).not.toBeNull();
		expect(left!.unit_id).toBe(u.dept); // history: where they were
		await edit(u.township);
		expect(await one(programme, p)).toMatchObject({ unit_id: u.township, removed_at: null });
	});

	it('disabling a person removes them (history kept); enabling brings them back', async () => {
		const p = await person(u.dept);
		await t.sql.begin((tx) =>
			import('../../src/lib/server/programmes').then((m) => m.syncPeople(tx, [p]))
		);
		await setActive(t.sql, p, false);
		expect((await one(programme, p))!.removed_at).not.toBeNull();
		await setActive(t.sql, p, true);
		expect((await one(programme, p))!.removed_at).toBeNull();
	});

	it('moving a unit into the audience assigns the people below it', async () => {
		const unit = await createUnit(t.sql, {
			parentId: u.county2,
			name: '乐土驿镇' + n,
			kind: 'township'
		});
		const p = await person(unit.id);
		await t.sql.begin((tx) =>
			import('../../src/lib/server/programmes').then((m) => m.syncPeople(tx, [p]))
		);
		expect(await one(programme, p)).toBeUndefined();
		await moveUnit(t.sql, unit.id, u.county);
		expect(await one(programme, p)).toMatchObject({ unit_id: unit.id, removed_at: null });
		await moveUnit(t.sql, unit.id, u.county2);
		expect((await one(programme, p))!.removed_at).not.toBeNull();
	});
});

describe('status', () => {
	it('first activity → in_progress; all required done → completed', async () => {
		const a = await addCourse(t.sql, { durations: [20] });
		const b = await addCourse(t.sql, { durations: [20, 10] });
		const learner = await person(u.village);
		const id = await published({
			requiredCourseIds: [a.courseId, b.courseId],
			unitIds: [u.village]
		});
		expect(await one(id, learner)).toMatchObject({ status: 'not_started', started_at: null });
		const clock = new Clock(Date.now());
		const user = sessionUser(learner, u.village, ['learner']);
		const started = await startPlayback(
			t.sql,
			user,
			{ lessonId: b.lessonIds[0], deviceId: 'd' },
			clock.now
		);
		if (!started.ok) throw new Error('start');
		clock.advance(5);
		await beat(t.sql, clock, user, started.playback.playbackId, { seq: 1, intervals: [[0, 5]] });
		const row = await one(id, learner);
		expect(row).toMatchObject({ status: 'in_progress', required_done: 0 });
		expect(row!.started_at).not.toBeNull();
		// The task's bar moves with the 学习中 course: 5 of its 30 seconds watched.
		const [studying] = await myTasks(t.sql, learner);
		const courseB = studying.courses.find((c) => c.courseId === b.courseId)!;
		expect(courseB).toMatchObject({ started: true, completed: false });
		expect(courseB.coverage).toBeCloseTo(5 / 30, 5);
		expect(taskPercent(studying)).toBe(Math.floor((5 / 30 / 2) * 100));
		await complete(learner, a, [20]);
		expect(await one(id, learner)).toMatchObject({ status: 'in_progress', required_done: 1 });
		await complete(learner, b, [20, 10]);
		const done = await one(id, learner);
		expect(done).toMatchObject({ status: 'completed', required_done: 2 });
		expect(done!.completed_at).not.toBeNull();
		const [task] = await myTasks(t.sql, learner);
		expect(task).toMatchObject({
			programmeId: id,
			status: 'completed',
			requiredDone: 2,
			requiredTotal: 2,
			overdue: false
		});
		expect(task.courses.every((c) => c.completed)).toBe(true);
	});

	it('"at least N electives": required done is not enough until N electives are', async () => {
		const req = await addCourse(t.sql, { durations: [10] });
		const e1 = await addCourse(t.sql, { durations: [10] });
		const e2 = await addCourse(t.sql, { durations: [10] });
		const learner = await person(u.village);
		const id = await published({
			requiredCourseIds: [req.courseId],
			electiveCourseIds: [e1.courseId, e2.courseId],
			minElectives: 1,
			unitIds: [u.village]
		});
		await complete(learner, req, [10]);
		expect(await one(id, learner)).toMatchObject({
			status: 'in_progress',
			required_done: 1,
			electives_done: 0
		});
		await complete(learner, e2, [10]);
		expect(await one(id, learner)).toMatchObject({ status: 'completed', electives_done: 1 });
	});

	it('"at least H 学时": electives count by their credit hours', async () => {
		// ≤ 15 min courses earn 0.25 h each (0008's default rules): 0.5 h needs two.
		const [e1, e2, e3] = [
			await addCourse(t.sql, { durations: [10] }),
			await addCourse(t.sql, { durations: [10] }),
			await addCourse(t.sql, { durations: [10] })
		];
		const learner = await person(u.village);
		const id = await published({
			electiveCourseIds: [e1.courseId, e2.courseId, e3.courseId],
			minElectiveHours: 0.5,
			unitIds: [u.village]
		});
		await complete(learner, e1, [10]);
		expect(await one(id, learner)).toMatchObject({
			status: 'in_progress',
			electives_done: 1,
			elective_hours: '0.25'
		});
		await complete(learner, e3, [10]);
		expect(await one(id, learner)).toMatchObject({
			status: 'completed',
			electives_done: 2,
			elective_hours: '0.50'
		});
	});

	it('a programme stricter than its course applies to playbacks: lower rate, presence checks', async () => {
		const course = await addCourse(t.sql, { maxRate: 2, presence: false });
		const learner = await person(u.village);
		const user = sessionUser(learner, u.village, ['learner']);
		const before = await startPlayback(t.sql, user, {
			lessonId: course.lessonIds[0],
			deviceId: 'd'
		});
		expect(before.ok && before.playback.maxRate).toBe(2);
		expect(before.ok && before.playback.presence).toBeNull();
		await published({
			requiredCourseIds: [course.courseId],
			unitIds: [u.village],
			maxCreditedRate: 1.25,
			presenceCheck: true
		});
		const after = await startPlayback(t.sql, user, {
			lessonId: course.lessonIds[0],
			deviceId: 'd'
		});
		expect(after.ok && after.playback.maxRate).toBe(1.25);
		expect(after.ok && after.playback.presence).not.toBeNull();
		// A heartbeat claiming 2× is credited nothing under the programme's 1.25.
		const clock = new Clock(Date.now() + 10_000);
		if (!after.ok) return;
		const out = await beat(t.sql, clock, user, after.playback.playbackId, {
			seq: 1,
			intervals: [[0, 20]],
			rate: 2
		});
		expect(out.ok && out.result.credited).toBe(0);
	});
});

describe('leaders and bad input', () => {
	it('a leader cannot create a programme outside their subtree, and nothing is written', async () => {
		const course = await addCourse(t.sql);
		const leader = sessionUser(await person(u.county), u.county, ['leader'], [u.county]);
		const before = (await t.sql`select count(*)::int as n from programmes`)[0].n;
		const out = await saveProgramme(
			t.sql,
			leader,
			null,
			input({ requiredCourseIds: [course.courseId], unitIds: [u.county2] })
		);
		expect(out).toEqual({
			ok: false,
			errors: [{ field: 'units', code: 'out_of_scope', params: { value: '玛纳斯县' } }]
		});
		const named = await person(u.county2);
		const out2 = await saveProgramme(
			t.sql,
			leader,
			null,
			input({ requiredCourseIds: [course.courseId], unitIds: [u.village], personIds: [named] })
		);
		expect(out2?.ok).toBe(false);
		expect((await t.sql`select count(*)::int as n from programmes`)[0].n).toBe(before);
		// Inside the subtree: owned by the leader's unit.
		const ok = await saveProgramme(
			t.sql,
			leader,
			null,
			input({ requiredCourseIds: [course.courseId], unitIds: [u.village] })
		);
		expect(ok?.ok).toBe(true);
		const [row] =
			await t.sql`select owner_unit_id from programmes where id = ${ok?.ok ? ok.id : 0}`;
		expect(row.owner_unit_id).toBe(u.county);
	});

	it("a leader cannot see or publish another subtree's programme", async () => {
		const course = await addCourse(t.sql);
		const other = sessionUser(await person(u.county2), u.county2, ['leader'], [u.county2]);
		const mine = sessionUser(await person(u.county), u.county, ['leader'], [u.county]);
		const saved = await saveProgramme(
			t.sql,
			other,
			null,
			input({ requiredCourseIds: [course.courseId], unitIds: [u.county2] })
		);
		const id = saved?.ok ? saved.id : 0;
		expect(id).toBeGreaterThan(0);
		expect(await getProgramme(t.sql, mine, id)).toBeNull();
		expect(await canManageProgramme(t.sql, mine, id)).toBe(false);
		expect(await publishProgramme(t.sql, id, mine)).toBeNull();
		expect(
			await saveProgramme(
				t.sql,
				mine,
				id,
				input({ requiredCourseIds: [course.courseId], unitIds: [u.village] })
			)
		).toBeNull();
		expect((await listProgrammes(t.sql, mine)).some((p) => p.id === id)).toBe(false);
		expect(await getProgramme(t.sql, other, id)).not.toBeNull();
		expect(await getProgramme(t.sql, admin, id)).not.toBeNull();
	});

	it('unpublished courses and impossible rules are refused with specific errors; nothing is written', async () => {
		const draft = await addCourse(t.sql, { status: 'draft' });
		const e = await addCourse(t.sql, { durations: [10] });
		const before = (await t.sql`select count(*)::int as n from programme_courses`)[0].n;
		const out = await saveProgramme(
			t.sql,
			admin,
			null,
			input({ requiredCourseIds: [draft.courseId], unitIds: [u.county] })
		);
		expect(out).toEqual({
			ok: false,
			errors: [{ field: 'courses', code: 'not_published', params: { value: '测试课程' } }]
		});
		const out2 = await saveProgramme(
			t.sql,
			admin,
			null,
			input({ electiveCourseIds: [e.courseId], minElectiveHours: 5, unitIds: [u.county] })
		);
		expect(out2).toEqual({
			ok: false,
			errors: [
				{ field: 'electiveRule', code: 'hours_too_high', params: { hours: 5, available: 0.25 } }
			]
		});
		expect((await t.sql`select count(*)::int as n from programme_courses`)[0].n).toBe(before);
	});

	it('form input: every problem named', () => {
		const raw: ProgrammeRaw = {
			title: ' ',
			description: '',
			courses: [{ courseId: 1, role: 'elective' }],
			electiveRule: 'count',
			minElectives: '3',
			minElectiveHours: '',
			unitIds: [],
			unknownUnits: ['昌吉州/无此县'],
			rankLevels: ['mayor'],
			personIds: [],
			unknownPeople: [],
			startsOn: '2026-02-30',
			deadlineOn: '',
			presenceCheck: false,
			maxCreditedRate: '5'
		};
		const out = validateProgramme(raw);
		expect(out.ok).toBe(false);
		if (out.ok) return;
		expect(out.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
			'title:required',
			'electiveRule:count_too_high',
			'units:unknown',
			'rankLevels:invalid',
			'startsOn:invalid',
			'deadlineOn:required',
			'maxCreditedRate:invalid'
		]);
	});
});

describe('report counters', () => {
	it('after every kind of change, the per-unit counters (triggers on the rows) equal a recount of the rows', async () => {
		const counted = await t.sql`
			select programme_id, unit_id, assigned, not_started, in_progress, completed from programme_unit_counts
			where assigned <> 0 or not_started <> 0 or in_progress <> 0 or completed <> 0 order by 1, 2`;
		const recount = await t.sql`
			select programme_id, unit_id, count(*)::int as assigned,
				count(*) filter (where status = 'not_started')::int as not_started,
				count(*) filter (where status = 'in_progress')::int as in_progress,
				count(*) filter (where status = 'completed')::int as completed
			from programme_assignments where removed_at is null group by 1, 2 order by 1, 2`;
		expect(counted.length).toBeGreaterThan(0);
		expect(counted).toEqual(recount);
	});
});
