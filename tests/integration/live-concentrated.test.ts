// "Counts as concentrated training" on a live session, through the real route
// actions: an administrator's mark moves the credited 学时 from 'live' to
// 'live_concentrated' (credit_year_sums and the archive's concentrated-training
// figure) and is audited; a lecturer is refused with a message and nothing is
// written; a lecturer's edit without the field keeps what is stored.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages.js';
import { archivePerson, personArchive } from '../../src/lib/server/archive';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { finaliseAttendance } from '../../src/lib/server/live/attendance';
import { closePresence, openPresence, seenPresence } from '../../src/lib/server/live/presence';
import { getSession } from '../../src/lib/server/live/sessions';
import { initMediaSecret } from '../../src/lib/server/media/signing';
import * as editPage from '../../src/routes/live/[id=id]/edit/+page.server';
import * as newPage from '../../src/routes/live/new/+page.server';
import * as viewPage from '../../src/routes/live/[id=id]/+page.server';
import { addPerson, addSession, addUnit, type Person } from './live-fixtures';
import { event, settle, useTestDatabase } from './quiz-fixtures';

let t: TestDb;
let unit: number;
let lecturer: Person, admin: Person;
const IP = '203.0.113.9';
const T0 = new Date(Date.UTC(2026, 5, 1, 2, 0, 0));
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	await initMediaSecret(t.sql); // the session page signs its stream's address
	unit = await addUnit(t.sql);
	lecturer = await addPerson(t.sql, unit, ['lecturer'], '讲师');
	admin = await addPerson(t.sql, unit, ['admin'], '管理员');
});
afterAll(() => t.drop());

function post(
	user: Person,
	path: string,
	params: Record<string, string>,
	values: [string, string][]
) {
	const e = event(user, path, params);
	const fd = new FormData();
	for (const [k, v] of values) fd.append(k, v);
	e.request = new Request(e.url, { method: 'POST', body: fd });
	e.getClientAddress = () => IP;
	return e;
}
const mark = (user: Person, id: number, on: boolean) =>
	settle(() =>
		editPage.actions.concentrated(
			post(user, `/live/${id}/edit`, { id: String(id) }, [
				['concentrated', 'off'],
				...(on ? [['concentrated', 'on'] as [string, string]] : [])
			])
		)
	);
const sums = async (userId: number) =>
	Object.fromEntries(
		(
			await t.sql`select source_key, hours::float8 as h from credit_year_sums where user_id = ${userId} and year = 2026 and hours <> 0`
		).map((r) => [r.source_key, r.h])
	);
const audits = () =>
	t.sql`select actor_id, target, detail, ip from audit_log where action = 'live.concentrated' order by id`;
const concentratedOf = async (id: number) => (await getSession(t.sql, id))!.concentrated;

/** A session that ended with a new learner present throughout: 1.5 学时 credited as 'live'. */
async function endedWithCredit() {
	const learner = await addPerson(t.sql, unit, ['learner'], '学员');
	const s = await addSession(t.sql, {
		lecturerId: lecturer.id,
		unitIds: [unit],
		startedAt: at(0),
		creditHours: 1.5
	});
	const p = randomUUID();
	await openPresence(t.sql, { id: p, sessionId: s, userId: learner.id, at: at(0) });
	for (let i = 1; i <= 60; i++) await seenPresence(t.sql, p, at(i));
	await closePresence(t.sql, p, at(60));
	await t.sql`update live_sessions set status = 'ended', ended_at = ${at(60)} where id = ${s}`;
	expect((await finaliseAttendance(t.sql, s)).credited).toBe(1);
	return { s, learner };
}

describe('a live session as concentrated training', () => {
	it('a lecturer is refused with a message and nothing is written', async () => {
		const { s, learner } = await endedWithCredit();
		const before = await sums(learner.id);
		expect(before).toEqual({ live: 1.5 });
		const r = await mark(lecturer, s, true);
		expect(r.value).toMatchObject({
			status: 400,
			data: { error: m.live_err_concentrated_admin_only() }
		});
		expect(await concentratedOf(s)).toBe(false);
		expect(await sums(learner.id)).toEqual(before);
		expect(await audits()).toEqual([]);
	});

	it("an administrator's mark moves the credited 学时 to concentrated training, audited", async () => {
		const { s, learner } = await endedWithCredit();
		const before = (await audits()).length;
		const r = await mark(admin, s, true);
		expect(r.value).toEqual({ concentratedSaved: m.live_concentrated_saved() });
		expect(await concentratedOf(s)).toBe(true);
		expect(await sums(learner.id)).toEqual({ live_concentrated: 1.5 });
		expect((await audits()).slice(before)).toEqual([
			{ actor_id: admin.id, target: `live:${s}`, detail: { from: false, to: true }, ip: IP }
		]);

		// the archive: under the yearly concentrated-training requirement, no longer online study
		const person = (await archivePerson(t.sql, learner.id))!;
		const view = await personArchive(t.sql, person, 2026, '2026-12-31', 'Asia/Shanghai');
		const [conc] = await t.sql`select id from hour_requirements where code = 'concentrated_year'`;
		const [online] = await t.sql`select id from hour_requirements where code = 'online'`;
		const concentrated = view.figures.find((f) => f.requirementId === conc.id)!;
		const onlineFig = view.figures.find((f) => f.requirementId === online.id)!;
		expect(concentrated.earned).toBe(1.5);
		expect(concentrated.entries.map((e) => e.source)).toEqual(['live_concentrated']);
		expect(onlineFig.earned).toBe(0);

		// the session page says so
		const page = await viewPage.load(event(learner, `/live/${s}`, { id: String(s) }));
		expect((page as { session: { concentrated: boolean } }).session.concentrated).toBe(true);

		// unmarking moves it back, audited too; the same value again is no change
		await mark(admin, s, false);
		expect(await sums(learner.id)).toEqual({ live: 1.5 });
		await mark(admin, s, false);
		expect((await audits()).slice(before).map((a) => a.detail)).toEqual([
			{ from: false, to: true },
			{ from: true, to: false }
		]);
	});

	it('scheduling: an administrator sets it; a lecturer cannot, and keeps it when editing without it', async () => {
		const starts = new Date(Date.now() + 3600_000).toISOString().slice(0, 16);
		const fields = (title: string): [string, string][] => [
			['title', title],
			['startsAt', starts],
			['tzOffset', '0'],
			['expectedMinutes', '60'],
			['creditHours', '2'],
			['unitIds', String(unit)]
		];
		const count = async () => Number((await t.sql`select count(*) as n from live_sessions`)[0].n);
		const sessionsBefore = await count();
		const auditsBefore = (await audits()).length;
		const refused = await settle(() =>
			newPage.actions.default(
				post(lecturer, '/live/new', {}, [...fields('讲师想标集中'), ['concentrated', 'on']])
			)
		);
		expect(refused.value).toMatchObject({
			status: 400,
			data: { error: m.live_err_concentrated_admin_only() }
		});
		expect(await count()).toBe(sessionsBefore);

		const created = await settle(() =>
			newPage.actions.default(
				post(admin, '/live/new', {}, [
					...fields('集中培训直播'),
					['lecturerId', String(lecturer.id)],
					['concentrated', 'off'],
					['concentrated', 'on']
				])
			)
		);
		expect(created.status).toBe(303);
		const id = Number(/\/live\/(\d+)\//.exec(created.location!)![1]);
		expect(await concentratedOf(id)).toBe(true);
		expect((await audits()).length).toBe(auditsBefore + 1);

		// the lecturer's form has a read-only box (nothing sent): the mark stays
		const edited = await settle(() =>
			editPage.actions.save(
				post(lecturer, `/live/${id}/edit`, { id: String(id) }, fields('改了标题'))
			)
		);
		expect(edited.status).toBe(303);
		expect(await getSession(t.sql, id)).toMatchObject({ title: '改了标题', concentrated: true });
		// a lecturer's edit that would clear it is refused whole
		const cleared = await settle(() =>
			editPage.actions.save(
				post(lecturer, `/live/${id}/edit`, { id: String(id) }, [
					...fields('又改标题'),
					['concentrated', 'off']
				])
			)
		);
		expect(cleared.value).toMatchObject({ status: 400 });
		expect(await getSession(t.sql, id)).toMatchObject({ title: '改了标题', concentrated: true });
		expect((await audits()).length).toBe(auditsBefore + 1);
	});
});
