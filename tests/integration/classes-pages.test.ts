// What the class pages stand on: who may organise, nominate into or see a
// class (a leader outside the organiser's subtree gets nothing: the page's
// 404), the form parsing that refuses bad input, the organiser's edits, and
// the room screen's payload (its QR text checks in).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import type { SessionUser } from '../../src/lib/server/auth/types';
import {
	listManagedClasses,
	listMyClasses,
	listNominatable,
	managedClass,
	quotasInReach,
	traineeClass
} from '../../src/lib/server/classes/access';
import { addSession, setQuota } from '../../src/lib/server/classes/classes';
import { nominate } from '../../src/lib/server/classes/enrolment';
import { checkIn, markManual } from '../../src/lib/server/classes/attendance';
import { parseClassForm, parseSessionForm } from '../../src/lib/server/classes/forms';
import {
	changeQuota,
	ManageError,
	removeSession,
	updateClass
} from '../../src/lib/server/classes/manage';
import { screenPayload, personalPayload } from '../../src/lib/server/classes/screen';
import { searchCandidates } from '../../src/lib/server/classes/trainee';
import { person, unit, world } from './class-fixtures';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(() => t.drop());

const user = (p: { id: number; roles: string[] }, scope: number[] = []): SessionUser => ({
	id: p.id,
	employeeNo: `e${p.id}`,
	name: `p${p.id}`,
	unitId: 0,
	roles: p.roles as SessionUser['roles'],
	scopeUnitIds: scope,
	locale: null,
	mustChangePassword: false
});

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('class pages: scope', () => {
	it('admins and leaders of the organiser subtree manage; a leader outside and a learner do not', async () => {
		const w = await world(t.sql);
		const elsewhere = await unit(t.sql, null);
		const outsider = await person(t.sql, elsewhere, ['leader'], [elsewhere]);
		const countyLeader = await person(t.sql, w.county, ['leader'], [w.county]);
		const learner = await person(t.sql, w.townA);
		expect(await managedClass(t.sql, user(w.admin), w.classId)).not.toBeNull();
		expect(await managedClass(t.sql, user(countyLeader, [w.county]), w.classId)).not.toBeNull();
		// the township leader is below the county organiser: not an organiser
		expect(await managedClass(t.sql, user(w.leaderA, [w.townA]), w.classId)).toBeNull();
		expect(await managedClass(t.sql, user(outsider, [elsewhere]), w.classId)).toBeNull();
		expect(await managedClass(t.sql, user(learner), w.classId)).toBeNull();
		const outsiderList = await listManagedClasses(t.sql, user(outsider, [elsewhere]));
		expect(outsiderList.map((c) => c.id)).not.toContain(w.classId);
		expect((await listManagedClasses(t.sql, user(learner))).length).toBe(0);
	});

	it('a leader nominates where their subtree has a quota; people outside their subtree are not offered', async () => {
		const w = await world(t.sql);
		const leaderB = await person(t.sql, w.townB, ['leader'], [w.townB]);
		const a1 = await person(t.sql, w.townA);
		const b1 = await person(t.sql, w.townB);
		await setQuota(t.sql, w.classId, w.townA, 1);
		const ua = user(w.leaderA, [w.townA]);
		expect((await listNominatable(t.sql, ua)).map((c) => c.id)).toContain(w.classId);
		expect(await quotasInReach(t.sql, ua, w.classId)).toEqual([
			expect.objectContaining({ unitId: w.townA, quota: 1, used: 0 })
		]);
		expect(await quotasInReach(t.sql, user(leaderB, [w.townB]), w.classId)).toEqual([]);
		const found = await searchCandidates(t.sql, ua, w.classId, '');
		expect(found.map((p) => p.id)).toContain(a1.id);
		expect(found.map((p) => p.id)).not.toContain(b1.id);
		// trainee view: only with an enrolment
		await nominate(t.sql, { classId: w.classId, actor: w.leaderA, userIds: [a1.id] });
		expect(await traineeClass(t.sql, a1.id, w.classId)).toMatchObject({ enrolment: 'enrolled' });
		expect(await traineeClass(t.sql, b1.id, w.classId)).toBeNull();
		expect((await listMyClasses(t.sql, a1.id)).map((c) => c.id)).toEqual([w.classId]);
	});
});

describe('class pages: forms and edits', () => {
	const good = {
		title: '依法治理专题班',
		groupCode: 'law_gov',
		fieldCode: '',
		startsOn: '2026-06-01',
		endsOn: '2026-06-05',
		siteId: '',
		locationText: '县委党校',
		capacity: '40',
		completionPercent: '80'
	};

	it('parses a class form and refuses bad input with a sentence', () => {
		const ok = parseClassForm(form(good), 7);
		expect(ok).toMatchObject({
			ok: true,
			value: { capacity: 40, completionShare: 0.8, organiserUnitId: 7 }
		});
		for (const bad of [
			{ title: ' ' },
			{ groupCode: '' },
			{ endsOn: '2026-05-30' },
			{ startsOn: '2026-02-30' },
			{ locationText: '' },
			{ capacity: '0' },
			{ capacity: '2.5' },
			{ completionPercent: '120' }
		]) {
			const out = parseClassForm(form({ ...good, ...bad }), 7);
			expect(out.ok, JSON.stringify(bad)).toBe(false);
			if (!out.ok) expect(out.error.length).toBeGreaterThan(4);
		}
	});

	it('parses a session form: place is a site, a route or a room by name; times within a day', () => {
		const base = {
			topic: '乡村治理案例',
			kind: 'case_study',
			startsAt: '2026-06-01T09:00',
			endsAt: '2026-06-01T11:00',
			lecturerId: '3',
			place: 'site:5',
			placeText: 'ignored'
		};
		expect(parseSessionForm(form(base))).toMatchObject({
			ok: true,
			value: { siteId: 5, routeId: null, placeText: '', lecturerId: 3 }
		});
		expect(parseSessionForm(form({ ...base, place: 'route:2' }))).toMatchObject({
			ok: true,
			value: { siteId: null, routeId: 2 }
		});
		expect(parseSessionForm(form({ ...base, place: '', placeText: '201教室' }))).toMatchObject({
			ok: true,
			value: { placeText: '201教室', siteId: null }
		});
		for (const bad of [
			{ place: '', placeText: '' },
			{ place: 'site:x' },
			{ kind: 'party' },
			{ endsAt: '2026-06-01T08:00' },
			{ endsAt: '2026-06-02T12:00' },
			{ lecturerId: 'abc' }
		])
			expect(parseSessionForm(form({ ...base, ...bad })).ok, JSON.stringify(bad)).toBe(false);
	});

	it('refuses a capacity below the enrolled, a quota below the used, removing an attended session', async () => {
		const w = await world(t.sql, 3);
		const people = [await person(t.sql, w.townA), await person(t.sql, w.townA)];
		await setQuota(t.sql, w.classId, w.townA, 2);
		await nominate(t.sql, {
			classId: w.classId,
			actor: w.leaderA,
			userIds: people.map((p) => p.id)
		});
		const facts = parseClassForm(form({ ...good, capacity: '1' }), w.county);
		if (!facts.ok) throw new Error(facts.error);
		await expect(updateClass(t.sql, w.classId, facts.value)).rejects.toBeInstanceOf(ManageError);
		await expect(changeQuota(t.sql, w.classId, w.townA, 1)).rejects.toMatchObject({
			code: 'quota_below'
		});
		const [c] = await t.sql`select capacity, title from classes where id = ${w.classId}`;
		expect(c).toEqual({ capacity: 3, title: '乡村振兴专题培训班' });
		const sessionId = await addSession(t.sql, w.classId, {
			startsAt: new Date('2026-05-12T09:00:00+08:00'),
			endsAt: new Date('2026-05-12T10:00:00+08:00'),
			topic: '专题',
			kind: 'lecture',
			lecturerId: null,
			siteId: null,
			routeId: null,
			placeText: `教室${w.classId}`
		});
		await markManual(t.sql, {
			classId: w.classId,
			sessionId,
			userId: people[0].id,
			status: 'present',
			by: w.admin.id
		});
		await expect(removeSession(t.sql, w.classId, sessionId)).rejects.toMatchObject({
			code: 'session_attended'
		});
	});
});

describe('class pages: screen payload', () => {
	it("the QR's text is the check-in URL carrying the current token; it checks in once", async () => {
		const w = await world(t.sql);
		const p = await person(t.sql, w.townA);
		await nominate(t.sql, { classId: w.classId, actor: w.admin, userIds: [p.id] });
		const sessionId = await addSession(t.sql, w.classId, {
			startsAt: new Date(Date.now() - 600_000),
			endsAt: new Date(Date.now() + 3_600_000),
			topic: '现场教学',
			kind: 'field_teaching',
			lecturerId: null,
			siteId: w.siteId,
			routeId: null,
			placeText: ''
		});
		const s = await screenPayload(t.sql, w.classId, sessionId, 'https://xf.example');
		expect(s.url).toBe(
			`https://xf.example/my-classes/${w.classId}/checkin?t=${encodeURIComponent(s.token)}`
		);
		expect(s.svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
		expect(s.typed).toMatch(/^\d{6}$/);
		expect(s.refreshInMs).toBeGreaterThan(0);
		expect(s.refreshInMs).toBeLessThanOrEqual(10_000);
		const r = await checkIn(t.sql, { userId: p.id, classId: w.classId, sessionId, qr: s.url });
		expect(r).toEqual({ sessionId, status: 'present' });
		const mine = await personalPayload(t.sql, w.classId, p.id);
		expect(mine.code).toMatch(new RegExp(`^XFP\\.${w.classId}\\.${p.id}\\.`));
	});
});
