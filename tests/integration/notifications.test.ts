import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import {
	listNotifications,
	markAllRead,
	markRead,
	notify,
	unreadCount
} from '../../src/lib/server/notifications';
import { addUnit, addUser } from './progress-fixtures';

let t: TestDb;
let unit: number;
beforeAll(async () => {
	t = await createTestSchema();
	unit = await addUnit(t.sql);
});
afterAll(() => t.drop());

describe('notify', () => {
	it('inserts, skips duplicates by dedupe key (also within one call), and lists newest first', async () => {
		const a = await addUser(t.sql, unit);
		const b = await addUser(t.sql, unit);
		const n1 = await notify(t.sql, [
			{
				userId: a.id,
				kind: 'programme_deadline',
				params: { title: '学习', days: 7 },
				link: '/tasks',
				dedupeKey: 'k1'
			},
			{
				userId: a.id,
				kind: 'programme_deadline',
				params: { title: '学习', days: 7 },
				dedupeKey: 'k1'
			},
			{
				userId: b.id,
				kind: 'programme_deadline',
				params: { title: '学习', days: 7 },
				dedupeKey: 'k1'
			},
			{ userId: a.id, kind: 'live_starting', params: { title: '直播' } }
		]);
		expect(n1).toBe(3);
		expect(
			await notify(t.sql, [{ userId: a.id, kind: 'programme_deadline', dedupeKey: 'k1' }])
		).toBe(0);
		// no dedupe key: always sent
		expect(await notify(t.sql, [{ userId: a.id, kind: 'live_starting' }])).toBe(1);
		const { rows, total } = await listNotifications(t.sql, a.id);
		expect(total).toBe(3);
		expect(rows[0].kind).toBe('live_starting');
		const dl = rows.find((r) => r.kind === 'programme_deadline')!;
		expect(dl.params).toEqual({ title: '学习', days: 7 });
		expect(dl.link).toBe('/tasks');
	});

	it('rejects bad kinds and links without writing anything', async () => {
		const a = await addUser(t.sql, unit);
		await expect(
			notify(t.sql, [
				{ userId: a.id, kind: 'x' },
				{ userId: a.id, kind: 'Bad-Kind' }
			])
		).rejects.toThrow(/kind/);
		await expect(
			notify(t.sql, [{ userId: a.id, kind: 'x', link: 'https://evil.example' }])
		).rejects.toThrow(/link/);
		expect((await listNotifications(t.sql, a.id)).total).toBe(0);
	});

	it('marks read only the owner’s notifications', async () => {
		const a = await addUser(t.sql, unit);
		const b = await addUser(t.sql, unit);
		await notify(t.sql, [
			{ userId: a.id, kind: 'x' },
			{ userId: a.id, kind: 'y' },
			{ userId: b.id, kind: 'z' }
		]);
		const bRows = (await listNotifications(t.sql, b.id)).rows;
		const aRows = (await listNotifications(t.sql, a.id)).rows;
		expect(await markRead(t.sql, a.id, [bRows[0].id, aRows[0].id])).toBe(1);
		expect(await unreadCount(t.sql, a.id)).toBe(1);
		expect(await unreadCount(t.sql, b.id)).toBe(1);
		expect(
			(await listNotifications(t.sql, a.id, { unreadOnly: true })).rows.map((r) => r.kind)
		).toEqual(['x']);
		expect(await markAllRead(t.sql, a.id)).toBe(1);
		expect(await unreadCount(t.sql, a.id)).toBe(0);
		expect(await unreadCount(t.sql, b.id)).toBe(1);
	});
});
