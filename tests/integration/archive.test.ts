// The training archive (一人一档): requirements per rank level as versioned
// data, the five-year window of 县处级, voided entries, the 404 scope rule,
// and a property: the archive's and the unit view's figures equal a naive
// recount over random entries.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import {
	archivePdf,
	archivePerson,
	createRequirementVersion,
	deleteFutureRequirementVersion,
	listRequirements,
	personArchive,
	requireArchivePerson,
	shortfallPeople,
	shortfallReport,
	versionsInForce
} from '../../src/lib/server/archive';
import { parseRequirementForm } from '../../src/lib/server/archive/requirement-form';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { addUser } from './progress-fixtures';
import { addUnitUnder } from './reports-fixtures';

const ZONE = 'Asia/Shanghai';
const TODAY = '2026-06-01';
let t: TestDb;
let root: number;
beforeAll(async () => {
	t = await createTestSchema();
	root = await addUnitUnder(t.sql, null, '测试州', 'prefecture');
});
afterAll(() => t.drop());

let n = 0;
async function entry(userId: number, year: number, source: string, hours: number, sourceId = '') {
	const at = `${year}-05-01T04:00:00Z`;
	const [e] = await t.sql`
		insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
		values (${userId}, ${year}, ${source}, ${sourceId || `x${++n}`}, ${hours}, ${at}, credit_version_at(${at}))
		returning id`;
	return Number(e.id);
}
const voidEntry = (id: number) =>
	t.sql`insert into credit_ledger_voids (entry_id, reason) values (${id}, '录入错误')`;
async function person(unit: number, rank: string) {
	const u = await addUser(t.sql, unit);
	await t.sql`update users set rank_level = ${rank} where id = ${u.id}`;
	return (await archivePerson(t.sql, u.id))!;
}
const byCode = async (code: string) =>
	(await listRequirements(t.sql)).find((r) => r.code === code)!;

describe('requirements as versioned data', () => {
	it('starts from annual_hour_requirements and the regulations', async () => {
		const v = await versionsInForce(t.sql, TODAY);
		const pick = (code: string) => v.find((x) => x.code === code)!;
		expect(pick('online')).toMatchObject({ hours: 50, windowYears: 1 });
		expect([...pick('online').rankLevels].sort()).toEqual(['county', 'general', 'township']);
		expect(pick('concentrated_year')).toMatchObject({
			hours: 90,
			rankLevels: ['township', 'general']
		});
		expect(pick('concentrated_5y')).toMatchObject({
			hours: 550,
			windowYears: 5,
			rankLevels: ['county']
		});
		expect(pick('concentrated_5y').sources).toContain('offline');
		expect(await versionsInForce(t.sql, TODAY, 'employee')).toEqual([]);
		// the old table still reads the same
		const old = await t.sql`select rank_level, hours from annual_hour_requirements order by 1`;
		expect(old.map((r) => [r.rank_level, Number(r.hours)])).toEqual([
			['county', 50],
			['general', 50],
			['township', 50]
		]);
	});

	it('a new version takes over from its day, overlaps are refused and write nothing', async () => {
		const online = await byCode('online');
		const base = {
			requirementId: online.id,
			rankLevels: ['general'],
			sources: ['course' as const]
		};
		const a = await createRequirementVersion(
			t.sql,
			{ ...base, windowYears: 1, hours: 60, validFrom: '2099-01-01', validTo: null, note: '' },
			'管理员'
		);
		expect(a.ok).toBe(true);
		expect((await versionsInForce(t.sql, '2098-12-31', 'general'))[0].hours).toBe(50);
		expect((await versionsInForce(t.sql, '2099-01-01', 'general'))[0].hours).toBe(60);
		const before = await t.sql`select count(*)::int as n from hour_requirement_versions`;
		const clash = await createRequirementVersion(
			t.sql,
			{
				...base,
				windowYears: 1,
				hours: 70,
				validFrom: '2098-06-01',
				validTo: '2099-03-01',
				note: ''
			},
			'管理员'
		);
		expect(clash).toEqual({ ok: false, code: 'overlap', from: '2000-01-01', to: '2098-12-31' });
		const after = await t.sql`select count(*)::int as n from hour_requirement_versions`;
		expect(after[0].n).toBe(before[0].n);
		expect((await byCode('online')).versions.map((v) => v.validTo)).toEqual([null, '2098-12-31']);
		// removing the scheduled version reopens the one it closed
		expect(await deleteFutureRequirementVersion(t.sql, (a as { id: number }).id, TODAY)).toBe(true);
		expect((await byCode('online')).versions.map((v) => v.validTo)).toEqual([null]);
		const first = (await byCode('online')).versions[0];
		expect(await deleteFutureRequirementVersion(t.sql, first.id, TODAY)).toBe(false);
	});

	it('the form names the field of every mistake', () => {
		const f = new FormData();
		for (const [k, v] of Object.entries({ requirementId: '1', windowYears: '0', hours: '-3' }))
			f.set(k, v);
		f.set('validFrom', '2020-01-01');
		const r = parseRequirementForm(f, TODAY);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.map((e) => e.field).sort()).toEqual(
			['hours', 'rankLevels', 'sources', 'validFrom', 'windowYears'].sort()
		);
	});
});

describe('a person’s archive', () => {
	it('县处级: 550 学时 over the five years ending with the year; 乡科级: 90 in the year', async () => {
		const unit = await addUnitUnder(t.sql, root);
		const county = await person(unit, 'county');
		for (const [year, h] of [
			[2021, 100],
			[2022, 120],
			[2024, 80],
			[2026, 60],
			[2027, 500]
		])
			await entry(county.id, year, 'offline', h);
		await entry(county.id, 2026, 'course', 12);
		const v = await personArchive(t.sql, county, 2026, TODAY, ZONE);
		const five = v.figures.find((f) => f.windowYears === 5)!;
		expect(five).toMatchObject({
			fromYear: 2022,
			toYear: 2026,
			required: 550,
			earned: 260,
			missing: 290
		});
		expect(five.entries.map((e) => e.year).sort()).toEqual([2022, 2024, 2026]);
		expect(v.figures.find((f) => f.windowYears === 1)).toMatchObject({ earned: 12, missing: 38 });
		expect(v.figures).toHaveLength(2);

		const township = await person(unit, 'township');
		await entry(township.id, 2025, 'offline', 80);
		await entry(township.id, 2026, 'out_of_region', 95);
		const w = await personArchive(t.sql, township, 2026, TODAY, ZONE);
		expect(w.figures.find((f) => f.required === 90)).toMatchObject({ earned: 95, missing: 0 });
	});

	it('a voided entry counts nowhere: not in the archive, not in the unit view', async () => {
		const unit = await addUnitUnder(t.sql, root);
		const p = await person(unit, 'general');
		await entry(p.id, 2026, 'course', 30);
		const wrong = await entry(p.id, 2026, 'course', 25);
		await voidEntry(wrong);
		const v = await personArchive(t.sql, p, 2026, TODAY, ZONE);
		expect(v.figures[0]).toMatchObject({ earned: 30, missing: 20 });
		expect(v.figures[0].entries.map((e) => e.id)).not.toContain(wrong);
		const list = await shortfallPeople(t.sql, unit, 2026, TODAY);
		expect(list.people[0].gaps.find((g) => g.required === 50)).toMatchObject({ earned: 30 });
	});

	it('a person moved, re-ranked or made inactive takes their figures with them in the unit view', async () => {
		const top = await addUnitUnder(t.sql, root);
		const a = await addUnitUnder(t.sql, top);
		const b = await addUnitUnder(t.sql, top);
		const p = await person(a, 'general');
		await entry(p.id, 2026, 'course', 20); // 30 of the 50 online hours missing, all 90 concentrated
		const other = await person(a, 'township'); // nothing this year: all 140 missing
		const totals = async () =>
			Promise.all(
				[a, b].map(async (u) => (await shortfallReport(t.sql, { unitId: u }, 2026, TODAY)).total)
			);
		expect(await totals()).toEqual([
			{ people: 2, below: 2, missing: 120 + 140 },
			{ people: 0, below: 0, missing: 0 }
		]);
		await t.sql`update users set unit_id = ${b} where id = ${p.id}`;
		expect(await totals()).toEqual([
			{ people: 1, below: 1, missing: 140 },
			{ people: 1, below: 1, missing: 120 }
		]);
		// 县处级: the five-year requirement instead of the yearly one
		await t.sql`update users set rank_level = 'county' where id = ${p.id}`;
		expect((await totals())[1]).toEqual({ people: 1, below: 1, missing: 30 + 550 });
		// rolled up over both (the five-year sum once came back as a string and was concatenated)
		const rolled = await shortfallReport(t.sql, { unitId: top }, 2026, TODAY);
		expect(rolled.total).toEqual({ people: 2, below: 2, missing: 140 + 580 });
		expect(rolled.rows.map((r) => r.missing)).toEqual([140, 580]);
		await t.sql`update users set rank_level = 'employee' where id = ${other.id}`;
		await t.sql`update users set active = false where id = ${p.id}`;
		expect(await totals()).toEqual([
			{ people: 0, below: 0, missing: 0 },
			{ people: 0, below: 0, missing: 0 }
		]);
		await t.sql`update users set active = true where id = ${p.id}`;
		expect((await totals())[1]).toEqual({ people: 1, below: 1, missing: 580 });
	});

	it('a leader opens people of their subtree; anyone else’s archive is 404', async () => {
		const a = await addUnitUnder(t.sql, root);
		const a1 = await addUnitUnder(t.sql, a);
		const b = await addUnitUnder(t.sql, root);
		const inside = await addUser(t.sql, a1);
		const outside = await addUser(t.sql, b);
		const leader: SessionUser = {
			...(await addUser(t.sql, a)),
			roles: ['leader'],
			scopeUnitIds: [a]
		};
		const learner = await addUser(t.sql, a1);
		expect((await requireArchivePerson(t.sql, leader, inside.id)).id).toBe(inside.id);
		const status = (p: Promise<unknown>) =>
			p.then(
				() => 200,
				(e) => (isHttpError(e) ? e.status : e)
			);
		expect(await status(requireArchivePerson(t.sql, leader, outside.id))).toBe(404);
		expect(await status(requireArchivePerson(t.sql, leader, 99999999))).toBe(404);
		expect(await status(requireArchivePerson(t.sql, learner, inside.id))).toBe(404);
		expect(await status(requireArchivePerson(t.sql, learner, learner.id))).toBe(200);
	});
});

describe('the PDF', () => {
	it('renders to a page image, with the name and the figures in its text', async () => {
		const unit = await addUnitUnder(t.sql, root);
		const p = await person(unit, 'county');
		await t.sql`update users set name = '张建国' where id = ${p.id}`;
		await entry(p.id, 2024, 'offline', 123.5);
		await entry(p.id, 2026, 'course', 17.25);
		const v = await personArchive(t.sql, (await archivePerson(t.sql, p.id))!, 2026, TODAY, ZONE);
		const pdf = await archivePdf(v, '2026-06-01 10:00');
		const dir = mkdtempSync(path.join(tmpdir(), 'archive-pdf-'));
		writeFileSync(path.join(dir, 'a.pdf'), pdf);
		execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', 'a.pdf', 'page'], {
			cwd: dir
		});
		const png = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'))!;
		expect(png).toBeTruthy();
		expect(statSync(path.join(dir, png)).size).toBeGreaterThan(1000);
		expect(readFileSync(path.join(dir, png)).subarray(1, 4).toString()).toBe('PNG');
		const text = execFileSync('pdftotext', ['-layout', 'a.pdf', '-'], { cwd: dir }).toString();
		expect(text).toContain('张建国');
		expect(text).toContain('培训档案');
		expect(text).toContain('123.5'); // the five-year figure's earned hours
		expect(text).toContain('426.5'); // 550 − 123.5 missing
		expect(text).toContain('17.25');
	});
});

const SOURCES = [
	'course',
	'live',
	'live_c',
	'exam',
	'offline',
	'teaching',
	'out_of_region',
	'manual'
] as const;
const RANKS = ['county', 'township', 'general', 'employee'] as const;

describe('property', () => {
	it('archive and unit-view figures equal a naive recount over random entries', async () => {
		const [lec] = await t.sql`select id from users limit 1`;
		// one session per entry and kind: a person is credited once per session
		const sessions = await t.sql`
			insert into live_sessions (title, lecturer_id, starts_at, expected_minutes, stream_key, concentrated)
			select '直播' || i, ${lec.id}, now(), 60, md5(random()::text || i), i % 2 = 1
			from generate_series(0, 59) i order by i
			returning id, concentrated`;
		const plain = sessions.filter((x) => !x.concentrated).map((x) => x.id);
		const conc = sessions.filter((x) => x.concentrated).map((x) => x.id);
		const reqs = await versionsInForce(t.sql, TODAY);
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.constantFrom(...RANKS), { minLength: 1, maxLength: 4 }),
				fc.array(
					fc.record({
						who: fc.nat(),
						year: fc.integer({ min: 2019, max: 2027 }),
						source: fc.constantFrom(...SOURCES),
						cents: fc.integer({ min: 0, max: 6000 }),
						voided: fc.boolean()
					}),
					{ maxLength: 30 }
				),
				async (ranks, raw) => {
					const unit = await addUnitUnder(t.sql, root);
					const people = [];
					for (const r of ranks) people.push(await person(unit, r));
					const kept: { who: number; year: number; key: string; hours: number }[] = [];
					for (const [i, e] of raw.entries()) {
						const p = people[e.who % people.length];
						const live = e.source === 'live' || e.source === 'live_c';
						const src = live ? 'live' : e.source;
						const sid = live ? String(e.source === 'live_c' ? conc[i] : plain[i]) : '';
						const id = await entry(p.id, e.year, src, e.cents / 100, sid && `${sid}`);
						if (e.voided) await voidEntry(id);
						else
							kept.push({
								who: p.id,
								year: e.year,
								key: e.source === 'live_c' ? 'live_concentrated' : src,
								hours: e.cents
							});
					}
					let below = 0;
					let missing = 0;
					for (const p of people) {
						const v = await personArchive(t.sql, p, 2026, TODAY, ZONE);
						const mine = reqs.filter((r) => r.rankLevels.includes(p.rankLevel));
						expect(v.figures.map((f) => f.versionId)).toEqual(mine.map((r) => r.id));
						let gap = false;
						for (const r of mine) {
							const cents = kept
								.filter((k) => k.who === p.id && k.year > 2026 - r.windowYears && k.year <= 2026)
								.filter((k) => (r.sources as string[]).includes(k.key))
								.reduce((s, k) => s + k.hours, 0);
							const f = v.figures.find((x) => x.versionId === r.id)!;
							expect(f.earned).toBe(cents / 100);
							expect(f.missing).toBe(Math.max(0, r.hours * 100 - cents) / 100);
							if (cents < r.hours * 100) {
								gap = true;
								missing += r.hours * 100 - cents;
							}
						}
						if (gap) below++;
					}
					const report = await shortfallReport(t.sql, { unitId: unit }, 2026, TODAY);
					expect(report.total).toEqual({
						people: people.filter((p) => p.rankLevel !== 'employee').length,
						below,
						missing: missing / 100
					});
					expect((await shortfallPeople(t.sql, unit, 2026, TODAY)).total).toBe(below);
				}
			),
			{ numRuns: 25 }
		);
		// an administrator's whole tree (no subtree filter) counts the same
		const all = await shortfallReport(t.sql, { rootIds: [root], everyone: true }, 2026, TODAY);
		const scoped = await shortfallReport(t.sql, { rootIds: [root] }, 2026, TODAY);
		expect(all.total).toEqual(scoped.total);
		expect(all.total.people).toBeGreaterThan(0);
	});
});
