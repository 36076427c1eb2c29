// The lecturer pool, field teaching resources and dispatch (调训), issue 12:
// validation that writes nothing, photo magic bytes, routes in order, usage
// counts, the dispatch ranking and its scope, nominating from it, the
// per-person yearly totals it reads, and the roster's specialised column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { yearOf } from '../../src/lib/server/clock';
import {
	saveLecturer,
	getLecturer,
	readPhoto,
	lecturerRecord,
	listLecturers
} from '../../src/lib/server/lecturers';
import { searchLecturers, setQuota } from '../../src/lib/server/classes/classes';
import { listRoutes, listSites, saveRoute, saveSite } from '../../src/lib/server/sites';
import {
	dispatchList,
	dispatchUnit,
	nominateFromDispatch,
	openClasses
} from '../../src/lib/server/dispatch';
import { importRoster } from '../../src/lib/server/org/roster-import';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { person, unit, world } from './class-fixtures';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(() => t.drop());

const year = yearOf(new Date());
const PNG = Uint8Array.from([
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82
]);
const lecturerInput = (over: Partial<Parameters<typeof saveLecturer>[2]> = {}) => ({
	external: true,
	employeeNo: '',
	name: '李教授',
	level: 'region',
	organisation: '自治区党校',
	title: '教授',
	topics: '基层治理，乡村振兴、民族团结',
	bio: '',
	...over
});
const session = (u: { id: number; roles: string[] }, scope: number[] = []): SessionUser => ({
	id: u.id,
	employeeNo: 'x',
	name: 'x',
	unitId: scope[0] ?? 0,
	roles: u.roles as SessionUser['roles'],
	scopeUnitIds: scope,
	locale: null,
	mustChangePassword: false
});
const count = async (table: string) =>
	(await t.sql`select count(*)::int as n from ${t.sql(table)}`)[0].n;

describe('lecturer pool', () => {
	it('creates, edits and refuses bad input without writing anything', async () => {
		const before = await count('lecturers');
		const bad = await saveLecturer(
			t.sql,
			null,
			lecturerInput({ name: ' ', level: 'planet', topics: 'x'.repeat(31) })
		);
		expect(bad).toMatchObject({ ok: false });
		expect(bad?.ok === false && bad.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
			'level:invalid',
			'name:required',
			'topics:too_long'
		]);
		const staffless = await saveLecturer(
			t.sql,
			null,
			lecturerInput({ external: false, employeeNo: 'NOBODY' })
		);
		expect(staffless).toEqual({
			ok: false,
			errors: [{ field: 'employeeNo', code: 'unknown_user' }]
		});
		expect(await count('lecturers')).toBe(before);

		const created = await saveLecturer(t.sql, null, lecturerInput());
		if (!created?.ok) throw new Error('not created');
		const l = await getLecturer(t.sql, created.id);
		expect(l).toMatchObject({
			external: true,
			userId: null,
			topics: ['基层治理', '乡村振兴', '民族团结']
		});

		const county = await unit(t.sql, null);
		const staff = await person(t.sql, county);
		const [{ employee_no }] = await t.sql`select employee_no from users where id = ${staff.id}`;
		const edited = await saveLecturer(
			t.sql,
			created.id,
			lecturerInput({ external: false, employeeNo: employee_no.toLowerCase(), name: '李老师' })
		);
		expect(edited).toEqual({ ok: true, id: created.id });
		expect(await getLecturer(t.sql, created.id)).toMatchObject({
			userId: staff.id,
			name: '李老师',
			external: false
		});
		// one person, one pool record
		const twice = await saveLecturer(
			t.sql,
			null,
			lecturerInput({ external: false, employeeNo: employee_no })
		);
		expect(twice).toEqual({ ok: false, errors: [{ field: 'employeeNo', code: 'user_taken' }] });
		expect(await saveLecturer(t.sql, 999999, lecturerInput())).toBeNull();
		// searchable by topic, from the class menu too (one search)
		expect((await searchLecturers(t.sql, '民族')).map((x) => x.id)).toContain(created.id);
		expect(
			(await listLecturers(t.sql, { q: '民族团结', limit: 10, offset: 0 })).lecturers.map(
				(x) => x.id
			)
		).toEqual([created.id]);
	});

	it('takes a JPEG or PNG photo by its bytes, refuses anything else and writes nothing', async () => {
		const before = await count('lecturers');
		const gif = new TextEncoder().encode('GIF89a fake picture');
		const refused = await saveLecturer(t.sql, null, lecturerInput({ name: '王讲师' }), gif);
		expect(refused).toEqual({
			ok: false,
			errors: [{ field: 'photo', code: 'bad_photo', params: {} }]
		});
		expect(await count('lecturers')).toBe(before);
		const ok = await saveLecturer(t.sql, null, lecturerInput({ name: '王讲师' }), PNG);
		if (!ok?.ok) throw new Error('not saved');
		const l = await getLecturer(t.sql, ok.id);
		expect(l?.photoPath).toMatch(/^lecturers\/\d+-[0-9a-f]+\.png$/);
		const photo = await readPhoto(l!.photoPath);
		expect(photo?.type).toBe('image/png');
		expect(new Uint8Array(photo!.bytes)).toEqual(PNG);
		// a later bad photo leaves the stored one in place
		expect(await saveLecturer(t.sql, ok.id, lecturerInput({ name: '王讲师' }), gif)).toMatchObject({
			ok: false
		});
		expect((await getLecturer(t.sql, ok.id))?.photoPath).toBe(l!.photoPath);
	});

	it("gathers sessions taught and the trainees' average rating", async () => {
		const w = await world(t.sql, 10);
		const trainee = await person(t.sql, w.townB);
		const [s] = await t.sql`
			insert into class_sessions (class_id, starts_at, ends_at, topic, kind, lecturer_id, site_id)
			values (${w.classId}, now(), now() + interval '2 hours', '乡村振兴政策', 'lecture', ${w.lecturerId}, ${w.siteId}) returning id`;
		await t.sql`insert into class_enrolments (class_id, user_id, status, via, enrolled_at) values (${w.classId}, ${trainee.id}, 'enrolled', 'selection', now())`;
		await t.sql`insert into class_attendance (session_id, class_id, user_id, status, method) values (${s.id}, ${w.classId}, ${trainee.id}, 'present', 'manual')`;
		await t.sql`insert into class_evaluations (session_id, user_id, class_id, lecturer_id, session_score, lecturer_score) values (${s.id}, ${trainee.id}, ${w.classId}, ${w.lecturerId}, 4, 5)`;
		await t.sql`insert into live_sessions (title, lecturer_id, starts_at, expected_minutes, stream_key) values ('直播党课', ${w.leaderA.id}, now(), 60, ${'k' + Math.random()})`;
		const r = await lecturerRecord(t.sql, w.lecturerId);
		expect(r.counts).toEqual({ classSessions: 1, live: 1, courses: 0 });
		expect(r.rating).toEqual({ count: 1, average: 5 });
		expect(r.taught.map((x) => x.kind).sort()).toEqual(['class_session', 'live']);
	});
});

describe('field teaching resources', () => {
	it('validates sites, keeps routes in order and counts this year’s use', async () => {
		const bad = await saveSite(t.sql, null, {
			kind: 'point',
			name: '',
			level: 'county',
			address: '',
			theme: '',
			capacity: '0',
			contact: ''
		});
		expect(bad?.ok === false && bad.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
			'name:required',
			'level:invalid',
			'capacity:invalid'
		]);
		const mk = async (name: string, kind = 'point') => {
			const r = await saveSite(t.sql, null, {
				kind,
				name,
				level: 'prefecture',
				address: '呼图壁县',
				theme: '红色教育',
				capacity: '60',
				contact: ''
			});
			if (!r?.ok) throw new Error(JSON.stringify(r));
			return r.id;
		};
		const base = await mk('测试基地', 'base');
		const [a, b, c] = [await mk('点甲'), await mk('点乙'), await mk('点丙')];
		expect(
			await saveSite(t.sql, null, {
				kind: 'point',
				name: '点甲',
				level: 'prefecture',
				address: '',
				theme: '',
				capacity: '',
				contact: ''
			})
		).toEqual({ ok: false, errors: [{ field: 'name', code: 'taken' }] });
		expect(await saveRoute(t.sql, null, { name: '路线一', theme: '', stops: [a, base] })).toEqual({
			ok: false,
			errors: [{ field: 'stops', code: 'unknown' }]
		});
		expect(
			await saveRoute(t.sql, null, { name: '路线一', theme: '', stops: [a, a] })
		).toMatchObject({ ok: false, errors: [{ code: 'duplicate' }] });
		const route = await saveRoute(t.sql, null, { name: '路线一', theme: '', stops: [c, a, b] });
		if (!route?.ok) throw new Error('route');
		await saveRoute(t.sql, route.id, { name: '路线一', theme: '改过', stops: [b, c, a] });
		const got = (await listRoutes(t.sql)).find((r) => r.id === route.id)!;
		expect(got.stops.map((s) => s.siteId)).toEqual([b, c, a]);

		const w = await world(t.sql);
		const at = (d: number) => new Date(Date.UTC(year, 5, d, 2));
		const add = (d: number, place: { site_id?: number; route_id?: number }) => t.sql`
			insert into class_sessions (class_id, starts_at, ends_at, topic, kind, site_id, route_id)
			values (${w.classId}, ${at(d)}, ${new Date(at(d).getTime() + 3600e3)}, '现场教学', 'field_teaching', ${place.site_id ?? null}, ${place.route_id ?? null})`;
		await add(1, { site_id: a });
		await add(2, { site_id: a });
		await add(3, { route_id: route.id });
		await t.sql`insert into class_sessions (class_id, starts_at, ends_at, topic, kind, site_id) values (${w.classId}, ${new Date(Date.UTC(year - 1, 5, 1))}, ${new Date(Date.UTC(year - 1, 5, 1, 2))}, '去年', 'lecture', ${a})`;
		await t.sql`update classes set site_id = ${base} where id = ${w.classId}`;
		const sites = await listSites(t.sql, year);
		const use = (id: number) => sites.find((s) => s.id === id)!;
		expect(use(a)).toMatchObject({ sessions: 2, viaRoutes: 1 });
		expect(use(b)).toMatchObject({ sessions: 0, viaRoutes: 1 });
		expect(use(base).classes).toBe(year === 2026 ? 1 : 0); // the fixture's class starts 2026-05-11
		expect((await listRoutes(t.sql, year)).find((r) => r.id === route.id)?.sessions).toBe(1);
	});
});

const ledger = (
	userId: number,
	hours: number,
	y = year,
	id = Math.random().toString(36).slice(2)
) => t.sql`
	insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
	values (${userId}, ${y}, 'course', ${id}, ${hours}, now(), (select min(id) from credit_rule_versions)) returning id`;

describe('dispatch (调训)', () => {
	it('keeps per-person yearly totals equal to a recount of the valid ledger', async () => {
		const county = await unit(t.sql, null);
		const a = await person(t.sql, county);
		const [e1] = await ledger(a.id, 2);
		await ledger(a.id, 1.5);
		await ledger(a.id, 4, year - 1);
		await t.sql`update credit_ledger set hours = 3 where id = ${e1.id}`;
		const [e3] = await ledger(a.id, 0.5);
		await t.sql`insert into credit_ledger_voids (entry_id, reason) values (${e3.id}, '重复录入')`;
		const [e4] = await ledger(a.id, 7);
		await t.sql`insert into credit_ledger_voids (entry_id, reason) values (${e4.id}, '误作废')`;
		await t.sql`delete from credit_ledger_voids where entry_id = ${e4.id}`;
		const kept =
			await t.sql`select year, sum(hours)::float8 as hours from credit_year_sums where user_id = ${a.id} group by year having sum(hours) <> 0 order by year`;
		const recount = await t.sql`
			select year, sum(hours)::float8 as hours from credit_ledger_valid where user_id = ${a.id} group by year order by year`;
		expect(kept).toEqual(recount);
		expect(kept).toEqual([
			{ year: year - 1, hours: 4 },
			{ year, hours: 11.5 }
		]);
		// bulk writes: one multi-row insert, an upsert that raises some entries, a bulk void
		const people = [a.id, (await person(t.sql, county)).id, (await person(t.sql, county)).id];
		await t.sql`
			insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
			select (${people}::int[])[1 + g % 3], ${year} - g % 2, 'live', 'bulk-' || g, (g % 7) * 0.25, now(),
				(select min(id) from credit_rule_versions)
			from generate_series(1, 300) g`;
		await t.sql`
			insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
			select (${people}::int[])[1 + g % 3], ${year} - g % 2, 'live', 'bulk-' || g, 2, now(),
				(select min(id) from credit_rule_versions)
			from generate_series(250, 350) g
			on conflict (user_id, source, source_id) do update set hours = excluded.hours`;
		await t.sql`
			insert into credit_ledger_voids (entry_id, reason)
			select id, '批量作废' from credit_ledger where source_id like 'bulk-%' and source_id::text like '%3'`;
		const all = await t.sql`
			select user_id, year, sum(hours)::float8 as hours from credit_year_sums
			where user_id = any(${people}::int[]) group by user_id, year having sum(hours) <> 0 order by user_id, year`;
		const again = await t.sql`
			select user_id, year, sum(hours)::float8 as hours from credit_ledger_valid
			where user_id = any(${people}::int[]) group by user_id, year order by user_id, year`;
		expect(all).toEqual(again);
	});

	it('ranks by shortfall, by time since concentrated training, or specialised posts first; filters and pages', async () => {
		const county = await unit(t.sql, null);
		const town = await unit(t.sql, county);
		const [p1, p2, p3, p4] = [
			await person(t.sql, county),
			await person(t.sql, town),
			await person(t.sql, town),
			await person(t.sql, town)
		];
		await t.sql`update users set rank_level = 'employee' where id = ${p4.id}`; // no requirement
		await t.sql`update users set specialised_post = true where id = ${p3.id}`;
		await ledger(p1.id, 40); // shortfall 10
		await ledger(p2.id, 10); // shortfall 40
		await ledger(p3.id, 30); // shortfall 20
		await ledger(p2.id, 100, year - 1); // last year does not count
		// an offline class's 学时 are concentrated training, not toward the online requirement
		await t.sql`
			insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
			values (${p2.id}, ${year}, 'offline', '999999', 60, now(), (select min(id) from credit_rule_versions))`;
		await t.sql`insert into training_records (user_id, kind, title, starts_on, ends_on) values (${p1.id}, 'out_of_region', '异地培训', '2020-03-01', '2020-03-10')`;
		const w = await world(t.sql);
		await t.sql`insert into class_enrolments (class_id, user_id, status, via, enrolled_at) values (${w.classId}, ${p2.id}, 'enrolled', 'selection', now())`;
		const [s] =
			await t.sql`insert into class_sessions (class_id, starts_at, ends_at, topic, kind, place_text) values (${w.classId}, '2025-04-01T02:00:00Z', '2025-04-01T04:00:00Z', '专题', 'lecture', ${'教室' + Math.random()}) returning id`;
		await t.sql`insert into class_attendance (session_id, class_id, user_id, status, method) values (${s.id}, ${w.classId}, ${p2.id}, 'present', 'manual')`;
		const q = { unitId: county, year, zone: 'Asia/Shanghai' };
		const ids = async (extra: object) =>
			(await dispatchList(t.sql, { ...q, ...extra })).rows.map((r) => r.id);
		expect(await ids({ order: 'hours' })).toEqual([p2.id, p3.id, p1.id, p4.id]);
		// never trained first (p3, p4 by shortfall), then the oldest
		expect(await ids({ order: 'since' })).toEqual([p3.id, p4.id, p1.id, p2.id]);
		expect(await ids({ order: 'specialised' })).toEqual([p3.id, p2.id, p1.id, p4.id]);
		const page = await dispatchList(t.sql, { ...q, order: 'hours' });
		expect(page.rows[0]).toMatchObject({
			earned: 10,
			required: 50,
			shortfall: 40,
			lastTraining: '2025-04-01'
		});
		expect(page.rows.find((r) => r.id === p1.id)?.lastTraining).toBe('2020-03-10');
		expect(page.rows.find((r) => r.id === p4.id)).toMatchObject({ required: null, shortfall: 0 });
		expect(await ids({ rankLevels: ['employee'] })).toEqual([p4.id]);
		expect(await ids({ unitKinds: ['county'] })).toEqual([p1.id]);
		expect(await ids({ specialisedOnly: true })).toEqual([p3.id]);
		expect(await dispatchList(t.sql, { ...q, limit: 2, offset: 2 })).toMatchObject({
			total: 4,
			rows: [{ id: p1.id }, { id: p4.id }]
		});
		expect(await dispatchList(t.sql, { ...q, limit: 2, offset: 10 })).toEqual({
			total: 4,
			rows: []
		});
		// a subtree shows only its own people
		expect(await ids({ unitId: town })).toEqual([p2.id, p3.id, p4.id]);
	});

	it('lets a leader open only their subtree (404 outside) and nominates with capacity and quota refusals', async () => {
		const w = await world(t.sql, 2);
		const leader = session(w.leaderA, [w.townA]);
		expect(await dispatchUnit(t.sql, leader, w.townA)).toMatchObject({ id: w.townA });
		expect(await dispatchUnit(t.sql, leader, w.townB)).toBeNull();
		expect(await dispatchUnit(t.sql, leader, w.county)).toBeNull();
		expect(
			await dispatchUnit(t.sql, session({ id: w.leaderA.id, roles: ['learner'] }), w.townA)
		).toBeNull();
		expect(await dispatchUnit(t.sql, session(w.admin), w.townB)).toMatchObject({ id: w.townB });

		// a leader sees classes with a quota on their path only
		expect((await openClasses(t.sql, leader)).map((c) => c.id)).not.toContain(w.classId);
		await setQuota(t.sql, w.classId, w.townA, 2);
		expect((await openClasses(t.sql, leader)).map((c) => c.id)).toContain(w.classId);

		const inA = [
			await person(t.sql, w.townA),
			await person(t.sql, w.townA),
			await person(t.sql, w.townA)
		];
		const outside = await person(t.sql, w.townB);
		const r = await nominateFromDispatch(
			t.sql,
			leader,
			w.classId,
			[...inA.map((p) => p.id), outside.id],
			false
		);
		expect(r.enrolled).toEqual([inA[0].id, inA[1].id]);
		expect(r.refused.map((x) => [x.userId, x.code])).toEqual([
			[inA[2].id, 'quota_full'],
			[outside.id, 'outside_scope']
		]);
		expect(r.refused.every((x) => x.reason.length > 0)).toBe(true);
		// capacity: the admin's selection past the two places is refused without a waiting list
		const more = await person(t.sql, w.townB);
		const full = await nominateFromDispatch(t.sql, session(w.admin), w.classId, [more.id], false);
		expect(full.refused.map((x) => x.code)).toEqual(['full']);
		const [{ n }] =
			await t.sql`select count(*)::int as n from class_enrolments where class_id = ${w.classId}`;
		expect(n).toBe(2);
	});
});

describe('roster import: 岗位专业性强/难调岗位', () => {
	const csv = (rows: string[][]) =>
		new TextEncoder().encode(rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
	it('imports 是/否, keeps the flag when blank or absent, refuses other values and writes nothing', async () => {
		const [root] =
			await t.sql`insert into org_units (name, kind) values ('花名册州', 'prefecture') returning id`;
		await t.sql`insert into org_closure values (${root.id}, ${root.id}, 0)`;
		const head = ['工号', '姓名', '单位', '职级', '岗位专业性强/难调岗位'];
		const imp = (rows: string[][]) =>
			importRoster(t.sql, { bytes: csv(rows), fileName: 'r.csv', initialPassword: 'Passw0rd!23' });
		const ok = await imp([
			head,
			['SP001', '甲', '花名册州', '乡科级', '是'],
			['SP002', '乙', '花名册州', '乡科级', '否'],
			['SP003', '丙', '花名册州', '乡科级', '']
		]);
		expect(ok).toMatchObject({ ok: true, inserted: 3 });
		const flags = async () =>
			Object.fromEntries(
				(
					await t.sql`select employee_no, specialised_post from users where employee_no like 'SP00%'`
				).map((r) => [r.employee_no, r.specialised_post])
			);
		expect(await flags()).toEqual({ SP001: true, SP002: false, SP003: false });
		const bad = await imp([
			head,
			['SP002', '乙', '花名册州', '乡科级', '是'],
			['SP004', '丁', '花名册州', '乡科级', '也许']
		]);
		expect(bad.ok).toBe(false);
		expect(bad.ok === false && bad.rowErrors).toEqual([
			{ row: 3, column: 'specialised_post', code: 'bad_flag', params: { value: '也许' } }
		]);
		expect(await flags()).toEqual({ SP001: true, SP002: false, SP003: false });
		// blank cell and absent column keep what people had; 是 turns it on
		expect(
			await imp([
				head,
				['SP001', '甲', '花名册州', '乡科级', ''],
				['SP002', '乙', '花名册州', '乡科级', '是']
			])
		).toMatchObject({ ok: true, updated: 1, unchanged: 1 });
		expect(await imp([head.slice(0, 4), ['SP001', '甲改', '花名册州', '乡科级']])).toMatchObject({
			ok: true,
			updated: 1
		});
		expect(await flags()).toEqual({ SP001: true, SP002: true, SP003: false });
	});
});
