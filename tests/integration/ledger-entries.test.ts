// An administrator's ledger entries through the real route handlers: a
// manual entry with a certificate judged by its bytes, an out-of-region
// record in one transaction, bad input that writes nothing (no row, no file),
// voids that never delete, and everyone but an administrator refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { addManualEntry, listEntries } from '../../src/lib/server/ledger';
import * as page from '../../src/routes/(admin)/admin/people/[id=id]/entries/+page.server';
import * as attachment from '../../src/routes/(admin)/admin/people/[id=id]/entries/[entryId=id]/attachment/+server';
import { makeUnits } from '../fixtures/roster-units';
import { certificateFiles, formEvent, JPEG, PDF, PNG } from './ledger-fixtures';
import { addUser } from './progress-fixtures';
import { event, settle, useTestDatabase } from './quiz-fixtures';
import './setup-domains';

let t: TestDb;
let admin: SessionUser, leader: SessionUser, learner: SessionUser, person: SessionUser;
const url = () => `/admin/people/${person.id}/entries`;
const params = () => ({ id: String(person.id) });
const rows = async () =>
	(await t.sql`select count(*)::int as n from credit_ledger where user_id = ${person.id}`)[0].n;
const post = (
	who: SessionUser,
	action: 'manual' | 'record' | 'void',
	fields: Record<string, string>,
	files = {}
) =>
	settle(() =>
		page.actions[action](formEvent(who, `${url()}?/${action}`, params(), fields, files))
	);
const good = { day: '2025-06-30', hours: '12.5', reason: '补录：省委党校专题讲座证书' };

beforeAll(async () => {
	t = await createTestSchema();
	await useTestDatabase(t.sql);
	const u = await makeUnits(t.sql);
	admin = await addUser(t.sql, u.prefecture, ['admin']);
	leader = { ...(await addUser(t.sql, u.county, ['leader'])), scopeUnitIds: [u.county] };
	learner = await addUser(t.sql, u.township, ['learner']);
	person = await addUser(t.sql, u.village, ['learner']);
});
afterAll(() => t.drop());

describe('manual entries', () => {
	it('writes the entry with who, why, the rule version of its day and the certificate (a PDF by its bytes)', async () => {
		const before = (await certificateFiles()).length;
		const r = await post(admin, 'manual', good, { attachment: { name: '证书.pdf', bytes: PDF } });
		expect(r.value).toMatchObject({ action: 'manual', ok: '已录入 12.5 学时。' });
		const [e] = await t.sql`
			select l.*, credit_version_at(l.earned_at) as expected_version from credit_ledger l
			where user_id = ${person.id} and source = 'manual'`;
		expect(Number(e.hours)).toBe(12.5);
		expect(e).toMatchObject({ year: 2025, entered_by: admin.id, note: good.reason });
		expect(e.rule_version_id).toBe(e.expected_version);
		expect(e.earned_at.toISOString()).toBe('2025-06-29T16:00:00.000Z'); // 00:00 in Beijing
		expect(e.attachment_path).toMatch(/^certificates\/[0-9a-f]{32}\.pdf$/);
		expect((await certificateFiles()).length).toBe(before + 1);

		const res = await attachment.GET(
			event(admin, `${url()}/${e.id}/attachment`, { ...params(), entryId: String(e.id) })
		);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(new Uint8Array(await res.arrayBuffer())).toEqual(PDF);
		// and the audit log says who entered it, for whom, from where
		const [logged] = await t.sql`
			select actor_id, target, detail, ip from audit_log where action = 'ledger.manual' order by id desc limit 1`;
		expect(logged).toMatchObject({
			actor_id: admin.id,
			target: `user:${person.id}`,
			ip: '127.0.0.1'
		});
		expect(logged.detail).toMatchObject({ hours: 12.5, attachment: true });
	});

	it('takes the type from the bytes, not the name: a JPEG called .txt is a JPEG, text called .pdf is refused', async () => {
		const ok = await post(admin, 'manual', good, { attachment: { name: 'scan.txt', bytes: JPEG } });
		expect(ok.value).toMatchObject({ ok: expect.any(String) });
		const [e] =
			await t.sql`select attachment_path from credit_ledger where user_id = ${person.id} order by id desc limit 1`;
		expect(e.attachment_path).toMatch(/\.jpg$/);

		const n = await rows();
		const files = (await certificateFiles()).length;
		const bad = await post(admin, 'manual', good, {
			attachment: { name: '证书.pdf', bytes: new TextEncoder().encode('not really a pdf') }
		});
		expect(bad.value).toMatchObject({ status: 400 });
		expect(JSON.stringify(bad.value)).toContain('附件须是 PDF、JPEG 或 PNG 文件');
		expect(await rows()).toBe(n);
		expect((await certificateFiles()).length).toBe(files);
	});

	it('refuses bad amounts, days and reasons with the field named, writing nothing', async () => {
		const n = await rows();
		const files = (await certificateFiles()).length;
		const cases: [Record<string, string>, string, string][] = [
			[{ hours: '-3' }, 'hours', '“学时”须大于 0'],
			[{ hours: '0' }, 'hours', '“学时”须大于 0'],
			[{ hours: '201' }, 'hours', '“学时”每条不能超过 200'],
			[{ hours: '1.234' }, 'hours', '最多两位小数'],
			[{ hours: '十' }, 'hours', '“学时”须是数字'],
			[{ day: '2999-01-01' }, 'day', '“日期”不能晚于今天'],
			[{ day: '1999-12-31' }, 'day', '“日期”不能早于 2000-01-01'],
			[{ day: '2025-02-30' }, 'day', '不是有效日期'],
			[{ reason: '   ' }, 'reason', '“事由”必须填写'],
			[{ reason: '长'.repeat(501) }, 'reason', '最多 500 个字符']
		];
		for (const [over, field, text] of cases) {
			const r = await post(
				admin,
				'manual',
				{ ...good, ...over },
				{ attachment: { name: 'a.png', bytes: PNG } }
			);
			const data = (r.value as { data: { errors: Record<string, string> } }).data;
			expect(data.errors[field], JSON.stringify(over)).toContain(text);
		}
		expect(await rows()).toBe(n);
		expect((await certificateFiles()).length).toBe(files);
	});

	it('refuses an unknown person: 404 on the page, a clear refusal in the module, no orphan file', async () => {
		const files = (await certificateFiles()).length;
		const e = formEvent(admin, '/admin/people/99999999/entries?/manual', { id: '99999999' }, good, {
			attachment: { name: 'c.pdf', bytes: PDF }
		});
		expect((await settle(() => page.actions.manual(e))).status).toBe(404);
		const r = await addManualEntry(
			t.sql,
			99999999,
			{ day: good.day, hours: 1, reason: 'x' },
			{ bytes: PDF },
			admin.id,
			'Asia/Shanghai'
		);
		expect(r).toMatchObject({ ok: false, errors: [{ field: 'person', code: 'unknown_person' }] });
		expect((await certificateFiles()).length).toBe(files);
	});
});

describe('a write that fails after the certificate was stored', () => {
	it('removes the file again (numeric(6,2) overflows past the form checks)', async () => {
		const files = await certificateFiles();
		const input = { day: good.day, hours: 1e7, reason: '越过表单检查' };
		await expect(
			addManualEntry(t.sql, person.id, input, { bytes: PDF }, admin.id, 'Asia/Shanghai')
		).rejects.toMatchObject({ code: '22003' });
		expect(await certificateFiles()).toEqual(files);
	});
});

describe('out-of-region training and secondments', () => {
	const record = {
		kind: 'out_of_region',
		title: '乡村振兴专题培训班',
		organisation: '浙江大学',
		place: '杭州',
		startsOn: '2025-04-08',
		endsOn: '2025-04-15',
		hours: '48'
	};
	it('writes the training record and its ledger entry together, earned on the last day', async () => {
		const r = await post(admin, 'record', record, {
			attachment: { name: 'scan.png', bytes: PNG }
		});
		expect(r.value).toMatchObject({ action: 'record', ok: '已记录，计 48 学时。' });
		const [row] = await t.sql`
			select r.*, l.source, l.hours, l.attachment_path, l.year, l.entered_by as by, l.rule_version_id,
				to_char(l.earned_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day
			from training_records r join credit_ledger l on l.id = r.ledger_entry_id
			where r.user_id = ${person.id}`;
		expect(row).toMatchObject({
			kind: 'out_of_region',
			source: 'out_of_region',
			title: record.title,
			organisation: '浙江大学',
			day: '2025-04-15',
			by: admin.id,
			entered_by: admin.id
		});
		expect(Number(row.hours)).toBe(48);
		expect(row.attachment_path).toMatch(/\.png$/);
	});

	it('refuses an end before the start, a missing host and too many hours, writing neither row', async () => {
		const n = await rows();
		const [{ records }] = await t.sql`select count(*)::int as records from training_records`;
		const r = await post(admin, 'record', {
			...record,
			kind: 'secondment',
			endsOn: '2025-04-01',
			organisation: '',
			hours: '601'
		});
		const errors = (r.value as { data: { errors: Record<string, string> } }).data.errors;
		expect(errors.endsOn).toBe('结束日期不能早于开始日期。');
		expect(errors.organisation).toContain('必须填写');
		expect(errors.hours).toContain('不能超过 600');
		expect(await rows()).toBe(n);
		expect((await t.sql`select count(*)::int as n from training_records`)[0].n).toBe(records);
	});
});

describe('voids', () => {
	it('voids with a reason, never deletes, shows who/when/why, and refuses a second void', async () => {
		const [e] =
			await t.sql`select id, hours from credit_ledger where user_id = ${person.id} and source = 'manual' order by id limit 1`;
		const entryId = String(e.id);
		const n = await rows();
		const noReason = await post(admin, 'void', { entryId, reason: ' ' });
		expect(JSON.stringify(noReason.value)).toContain('“事由”必须填写');
		expect(await t.sql`select 1 from credit_ledger_voids where entry_id = ${e.id}`).toHaveLength(0);

		const r = await post(admin, 'void', { entryId, reason: '证书重复录入' });
		expect(r.value).toMatchObject({ action: 'void', ok: '已作废，该记录不再计入学时。' });
		expect(await rows()).toBe(n); // nothing deleted
		expect(await t.sql`select 1 from credit_ledger_valid where id = ${e.id}`).toHaveLength(0);
		const [v] = await t.sql`select * from credit_ledger_voids where entry_id = ${e.id}`;
		expect(v).toMatchObject({ voided_by: admin.id, reason: '证书重复录入' });
		const shown = (await listEntries(t.sql, person.id, 'Asia/Shanghai')).find(
			(x) => x.id === Number(e.id)
		);
		expect(shown?.voided).toMatchObject({ by: '学员', reason: '证书重复录入' });

		const [logged] = await t.sql`
			select actor_id, detail from audit_log where action = 'ledger.void' and target = ${'entry:' + entryId}`;
		expect(logged).toMatchObject({ actor_id: admin.id, detail: { reason: '证书重复录入' } });

		const again = await post(admin, 'void', { entryId, reason: '再来一次' });
		expect(JSON.stringify(again.value)).toContain('已经作废，不能再次作废');
		expect(await t.sql`select reason from credit_ledger_voids where entry_id = ${e.id}`).toEqual([
			{ reason: '证书重复录入' }
		]);
	});

	it('an entry of someone else is not found through this person', async () => {
		const [other] =
			await t.sql`insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
			values (${learner.id}, 2025, 'course', '1', 1, now(), credit_version_at(now())) returning id`;
		expect((await post(admin, 'void', { entryId: String(other.id), reason: 'x' })).status).toBe(
			404
		);
		expect(
			await t.sql`select 1 from credit_ledger_voids where entry_id = ${other.id}`
		).toHaveLength(0);
	});
});

describe('who may', () => {
	it('a unit leader over the person, and a learner, get 403 everywhere and write nothing', async () => {
		const [e] =
			await t.sql`select id from credit_ledger where user_id = ${person.id} and attachment_path is not null limit 1`;
		const n = await rows();
		const voids = (await t.sql`select count(*)::int as n from credit_ledger_voids`)[0].n;
		for (const who of [leader, learner]) {
			expect((await settle(() => page.load(event(who, url(), params())))).status).toBe(403);
			expect((await post(who, 'manual', good)).status).toBe(403);
			expect(
				(
					await post(who, 'record', {
						kind: 'secondment',
						title: 'x',
						organisation: 'y',
						startsOn: '2025-01-01',
						endsOn: '2025-01-02',
						hours: '5'
					})
				).status
			).toBe(403);
			expect((await post(who, 'void', { entryId: String(e.id), reason: '越权' })).status).toBe(403);
			const get = await settle(() =>
				attachment.GET(
					event(who, `${url()}/${e.id}/attachment`, { ...params(), entryId: String(e.id) })
				)
			);
			expect(get.status).toBe(403);
		}
		expect(await rows()).toBe(n);
		expect((await t.sql`select count(*)::int as n from credit_ledger_voids`)[0].n).toBe(voids);
	});
});
