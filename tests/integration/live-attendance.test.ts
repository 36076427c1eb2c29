// Audience rules and attendance/credit with controlled timestamps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { roleInSession } from '../../src/lib/server/live/audience';
import { finaliseAttendance } from '../../src/lib/server/live/attendance';
import {
	closePresence,
	openPresence,
	seenPresence,
	viewerCount
} from '../../src/lib/server/live/presence';
import { addPerson, addSession, addUnit } from './live-fixtures';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import {
	personBatches,
	personRows,
	reportAccess,
	unitRows,
	unitVisible
} from '../../src/lib/server/live/attendance-report';
import { writeAttendanceXlsx } from '../../src/lib/server/live/attendance-xlsx';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(() => t.drop());

const T0 = new Date(Date.UTC(2026, 5, 1, 2, 0, 0));
const at = (min: number, sec = 0) => new Date(T0.getTime() + min * 60_000 + sec * 1000);

describe('roleInSession', () => {
	it('lecturer or admin → lecturer; unit subtree or programme assignment → viewer; others null', async () => {
		const county = await addUnit(t.sql);
		const town = await addUnit(t.sql, county);
		const other = await addUnit(t.sql);
		const lecturer = await addPerson(t.sql, other, ['lecturer']);
		const admin = await addPerson(t.sql, other, ['admin']);
		const inTown = await addPerson(t.sql, town);
		const outside = await addPerson(t.sql, other);
		const viaProgramme = await addPerson(t.sql, other);
		const removed = await addPerson(t.sql, other);
		const [p] =
			await t.sql`insert into programmes (title, starts_at, deadline) values ('专题', now(), now() + interval '30 days') returning id`;
		await t.sql`insert into programme_assignments (programme_id, user_id, unit_id) values (${p.id}, ${viaProgramme.id}, ${other})`;
		await t.sql`insert into programme_assignments (programme_id, user_id, unit_id, removed_at) values (${p.id}, ${removed.id}, ${other}, now())`;
		const s = await addSession(t.sql, {
			lecturerId: lecturer.id,
			unitIds: [county],
			programmeId: p.id
		});
		expect(await roleInSession(t.sql, lecturer, s)).toBe('lecturer');
		expect(await roleInSession(t.sql, admin, s)).toBe('lecturer');
		expect(await roleInSession(t.sql, inTown, s)).toBe('viewer');
		expect(await roleInSession(t.sql, viaProgramme, s)).toBe('viewer');
		expect(await roleInSession(t.sql, removed, s)).toBeNull();
		expect(await roleInSession(t.sql, outside, s)).toBeNull();
		expect(await roleInSession(t.sql, inTown, 999_999)).toBeNull();
		// a unit below the audience unit is in; the parent of an audience unit is not
		const s2 = await addSession(t.sql, { lecturerId: lecturer.id, unitIds: [town] });
		const atCounty = await addPerson(t.sql, county);
		expect(await roleInSession(t.sql, atCounty, s2)).toBeNull();
		// moving a person changes their audience at once
		await t.sql`update users set unit_id = ${town} where id = ${atCounty.id}`;
		expect(await roleInSession(t.sql, atCounty, s2)).toBe('viewer');
	});
});

describe('finaliseAttendance', () => {
	async function setup() {
		const unit = await addUnit(t.sql);
		const lecturer = await addPerson(t.sql, unit, ['lecturer']);
		const s = await addSession(t.sql, {
			lecturerId: lecturer.id,
			unitIds: [unit],
			startedAt: at(0),
			creditHours: 1.5
		});
		return { unit, lecturer, s };
	}
	async function presence(
		sessionId: number,
		userId: number,
		from: Date,
		to: Date | null,
		seen: Date[] = []
	) {
		const id = randomUUID();
		await openPresence(t.sql, { id, sessionId, userId, at: from });
		for (const x of seen) await seenPresence(t.sql, id, x);
		if (to) await closePresence(t.sql, id, to);
		return id;
	}
	async function checkin(sessionId: number, opened: Date, seconds: number, answeredBy: number[]) {
		const [c] = await t.sql`
			insert into live_checkins (session_id, seconds, opened_at, deadline_at)
			values (${sessionId}, ${seconds}, ${opened}, ${new Date(opened.getTime() + seconds * 1000)}) returning id`;
		for (const u of answeredBy)
			await t.sql`insert into live_checkin_answers (checkin_id, user_id, answered_at) values (${c.id}, ${u}, ${opened})`;
	}
	const everyMinute = (from: number, to: number) =>
		Array.from({ length: to - from }, (_, i) => at(from + i + 1));

	it('credits ≥ 80 % of the actual length with every check-in; merges reconnects; ends idle sockets at the grace', async () => {
		const { unit, s } = await setup();
		const full = await addPerson(t.sql, unit); // present 0–60, both check-ins
		const reconnect = await addPerson(t.sql, unit); // 0–30 and 28–55 (overlap counted once): 55 min
		const shortStay = await addPerson(t.sql, unit); // 0–40: 40/60 < 80 %
		const missedCheckin = await addPerson(t.sql, unit); // full time, one check-in
		const idle = await addPerson(t.sql, unit); // socket open all along, confirmed only until minute 10
		const twoTabs = await addPerson(t.sql, unit); // two sockets at once, 10–20: 10 min, not 20
		await presence(s, full.id, at(-5), at(61), everyMinute(-5, 60));
		await presence(s, reconnect.id, at(0), at(30), everyMinute(0, 29));
		await presence(s, reconnect.id, at(28), at(55), everyMinute(28, 54));
		await presence(s, shortStay.id, at(0), at(40), everyMinute(0, 39));
		await presence(s, missedCheckin.id, at(0), null, everyMinute(0, 60));
		await presence(s, idle.id, at(0), null, everyMinute(0, 10));
		await presence(s, twoTabs.id, at(10), at(20), everyMinute(10, 19));
		await presence(s, twoTabs.id, at(10), at(20), everyMinute(10, 19));
		await checkin(s, at(10), 60, [full.id, reconnect.id, shortStay.id, missedCheckin.id]);
		await checkin(s, at(40), 60, [full.id, reconnect.id]);
		await t.sql`update live_sessions set status = 'ended', ended_at = ${at(60)} where id = ${s}`;

		const out = await finaliseAttendance(t.sql, s);
		expect(out).toMatchObject({ people: 6, credited: 2, sessionSeconds: 3600, checkins: 2 });
		const rows =
			await t.sql`select user_id, seconds_present, checkins_answered, checkins_total, credited, hours, unit_id from live_attendance where session_id = ${s}`;
		const by = new Map(rows.map((r) => [r.user_id, r]));
		expect(by.get(full.id)).toMatchObject({
			seconds_present: 3600,
			checkins_answered: 2,
			checkins_total: 2,
			credited: true,
			unit_id: unit
		});
		expect(Number(by.get(full.id)!.hours)).toBe(1.5);
		expect(by.get(reconnect.id)).toMatchObject({ seconds_present: 55 * 60, credited: true });
		expect(by.get(shortStay.id)).toMatchObject({ seconds_present: 40 * 60, credited: false });
		expect(by.get(missedCheckin.id)).toMatchObject({
			seconds_present: 3600,
			checkins_answered: 1,
			credited: false
		});
		// last confirmation at minute 10, then 90 s of grace
		expect(by.get(idle.id)).toMatchObject({ seconds_present: 10 * 60 + 90, credited: false });
		expect(by.get(twoTabs.id)).toMatchObject({ seconds_present: 600, credited: false });

		const ledger =
			await t.sql`select user_id, hours, year from credit_ledger where source = 'live' and source_id = ${String(s)} order by user_id`;
		expect(ledger.map((r) => r.user_id).sort()).toEqual([full.id, reconnect.id].sort());
		expect(ledger.every((r) => Number(r.hours) === 1.5 && r.year === 2026)).toBe(true);

		// idempotent: a second run changes nothing and credits nobody twice
		const again = await finaliseAttendance(t.sql, s);
		expect(again.credited).toBe(2);
		const [{ n }] =
			await t.sql`select count(*)::int as n from credit_ledger where source = 'live' and source_id = ${String(s)}`;
		expect(n).toBe(2);
	});

	it('without check-ins, presence alone decides; the lecturer gets no attendance row; an unfinished session is refused', async () => {
		const { unit, lecturer, s } = await setup();
		const p = await addPerson(t.sql, unit);
		await presence(s, p.id, at(0), at(24), everyMinute(0, 24));
		await presence(s, lecturer.id, at(0), at(30), everyMinute(0, 30));
		await expect(finaliseAttendance(t.sql, s)).rejects.toThrow(/not ended/);
		await t.sql`update live_sessions set status = 'ended', ended_at = ${at(30)} where id = ${s}`;
		const out = await finaliseAttendance(t.sql, s);
		expect(out).toMatchObject({ people: 1, credited: 1, checkins: 0 });
		const [row] =
			await t.sql`select seconds_present, credited from live_attendance where session_id = ${s} and user_id = ${p.id}`;
		expect(row).toMatchObject({ seconds_present: 24 * 60, credited: true });
	});

	it('viewer count: distinct people with an open, recently confirmed interval', async () => {
		const { unit, s } = await setup();
		const a = await addPerson(t.sql, unit);
		const b = await addPerson(t.sql, unit);
		const now = new Date();
		await presence(s, a.id, now, null);
		await presence(s, a.id, now, null);
		const gone = await presence(s, b.id, now, null);
		expect(await viewerCount(t.sql, s, now)).toBe(2);
		await closePresence(t.sql, gone, new Date(now.getTime() + 1000));
		expect(await viewerCount(t.sql, s, now)).toBe(1);
		// not confirmed for longer than the grace: not counted
		expect(await viewerCount(t.sql, s, new Date(now.getTime() + 91_000))).toBe(0);
	});
});

describe('attendance report', () => {
	it('rolls up along the org tree; leaders see their subtree only; the lecturer sees everyone; xlsx export', async () => {
		const county = await addUnit(t.sql);
		const townA = await addUnit(t.sql, county, '甲镇');
		const townB = await addUnit(t.sql, county, '乙镇');
		const village = await addUnit(t.sql, townA, '一村');
		const lecturer = await addPerson(t.sql, county, ['lecturer']);
		const leaderA = await addPerson(t.sql, townA, ['leader']);
		const stranger = await addPerson(t.sql, await addUnit(t.sql), ['leader']);
		const inVillage = await addPerson(t.sql, village, ['learner'], '村民');
		const inTownB = await addPerson(t.sql, townB, ['learner'], '乙镇人');
		const absent = await addPerson(t.sql, townB, ['learner'], '缺席');
		const s = await addSession(t.sql, {
			lecturerId: lecturer.id,
			unitIds: [county],
			startedAt: at(0)
		});
		await openPresence(t.sql, { id: randomUUID(), sessionId: s, userId: inVillage.id, at: at(0) });
		const id2 = randomUUID();
		await openPresence(t.sql, { id: id2, sessionId: s, userId: inTownB.id, at: at(0) });
		for (let i = 1; i <= 10; i++) await seenPresence(t.sql, id2, at(i));
		await closePresence(t.sql, id2, at(10));
		const [pres] =
			await t.sql`select id from live_presence where session_id = ${s} and user_id = ${inVillage.id}`;
		for (let i = 1; i <= 30; i++) await seenPresence(t.sql, pres.id, at(i));
		await t.sql`update live_sessions set status = 'ended', ended_at = ${at(30)} where id = ${s}`;
		await finaliseAttendance(t.sql, s);

		const all = (await reportAccess(t.sql, lecturer, s))!;
		expect(all.roots).toBeNull();
		const top = await unitRows(t.sql, all, county);
		const byName = Object.fromEntries(top.map((r) => [r.name, r]));
		// leaderA (a leader is also in the audience) + the villager under 甲镇
		expect(byName['甲镇']).toMatchObject({ audience: 2, attended: 1, credited: 1, minutes: 30 });
		expect(byName['乙镇']).toMatchObject({ audience: 2, attended: 1, credited: 0, minutes: 10 });
		const people = await personRows(t.sql, all, townB, { limit: 10, offset: 0 });
		expect(people.total).toBe(2);
		expect(people.rows[0]).toMatchObject({
			name: '乙镇人',
			minutes: 10,
			credited: false,
			finalised: true
		});
		expect(people.rows[1]).toMatchObject({ name: '缺席', minutes: 0, finalised: false });
		expect(people.rows.map((r) => r.userId)).toContain(absent.id);

		const scoped = (await reportAccess(t.sql, leaderA, s))!;
		expect(scoped.roots).toEqual([townA]);
		expect((await unitRows(t.sql, scoped, null)).map((r) => r.name)).toEqual(['甲镇']);
		expect(await unitVisible(t.sql, scoped, townB)).toBe(false);
		expect(await unitVisible(t.sql, scoped, village)).toBe(true);
		const theirs = await personRows(t.sql, scoped, null, { limit: 10, offset: 0 });
		expect(theirs.rows.map((r) => r.name).sort()).toEqual(['学员', '村民'].sort());
		// a leader whose subtree has nobody in the audience, and a learner: nothing (404)
		expect(await reportAccess(t.sql, stranger, s)).toBeNull();
		expect(await reportAccess(t.sql, inVillage, s)).toBeNull();

		const out = new PassThrough();
		const chunks: Buffer[] = [];
		out.on('data', (c) => chunks.push(c));
		const n = await writeAttendanceXlsx(
			out,
			{ title: '出勤', subtitle: '全部', locale: 'zh-CN' },
			top,
			personBatches(t.sql, all, null, 2)
		);
		expect(n).toBe(4);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
		const sheet = wb.worksheets[1];
		expect(sheet.getRow(3).getCell(1).value).toBe('工号');
		const names = [4, 5, 6, 7].map((r) => sheet.getRow(r).getCell(2).value);
		expect(names).toContain('村民');
		expect(sheet.getRow(4).getCell(6).value).toBe('是');
	});
});
