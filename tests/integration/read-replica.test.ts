// Reports on a real streaming replica: a private primary (initdb) and a
// pg_basebackup -R standby on ports 4372/4373. The report queries give the
// same answers on the replica; a paused replay shows as lag on the page's
// freshness label, and the person who just wrote reads the primary.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson, addProgramme, addUnitUnder, assign } from './reports-fixtures';
import { addUser } from './progress-fixtures';
import { event, settle, useTestDatabase } from './quiz-fixtures';
import { haveBinaries, startCluster, type Cluster } from './pg-cluster';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { clientOptions } from '../../src/lib/server/db/index';
import { migrate } from '../../src/lib/server/db/migrate';
import { chooseRead, primaryLsn, useReplica } from '../../src/lib/server/db/read';
import { readYourWrites, WRITE_COOKIE } from '../../src/lib/server/db/read-your-writes';
import { bulletin } from '../../src/lib/server/reports/bulletin';
import { freshness } from '../../src/lib/server/reports/freshness';
import { peoplePage } from '../../src/lib/server/reports/people';
import { subtreeRollup, unitReport } from '../../src/lib/server/reports/rollup';
import * as unitPage from '../../src/routes/(unit)/reports/[programmeId=id]/units/[unitId=id]/+page.server';

const run = haveBinaries() ? describe : describe.skip;
let cluster: Cluster;
let primary: postgres.Sql, replica: postgres.Sql;
let admin: SessionUser;
let root: number, township: number, programme: { id: number; deadline: Date };
const people: number[] = [];

const settled = async (pred: () => Promise<boolean>, ms = 15_000) => {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		if (await pred()) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('the replica did not catch up');
};
const caughtUp = async () =>
	(await chooseRead(primary, replica, { maxLagSeconds: 60 })).source === 'replica' &&
	(await chooseRead(primary, replica, { maxLagSeconds: 60 })).lagSeconds === 0;
const completed = async (sql: postgres.Sql) =>
	(await unitReport(sql, programme, { unitId: root })).total.completed;
type UnitPage = { freshness: { source: string; lagSeconds: number; fallback: string | null } };
const loadPage = async (cookie?: string) => {
	const e = event(admin, `/reports/${programme.id}/units/${root}`, {
		programmeId: String(programme.id),
		unitId: String(root)
	});
	e.cookies = { get: (n: string) => (n === WRITE_COOKIE ? cookie : undefined) };
	const r = await settle(() => unitPage.load(e));
	return r.value as unknown as UnitPage & { report: { total: { completed: number } } };
};

run('reports on a streaming replica', () => {
	beforeAll(async () => {
		cluster = startCluster(4372, 4373);
		primary = postgres(cluster.primaryUrl, { ...clientOptions, max: 4 });
		replica = postgres(cluster.replicaUrl, { ...clientOptions, max: 4 });
		await migrate(primary);
		root = await addUnitUnder(primary, null, '副本县', 'county');
		township = await addUnitUnder(primary, root, '副本镇');
		for (let i = 0; i < 6; i++) people.push(await addPerson(primary, i < 3 ? root : township));
		programme = await addProgramme(primary, { title: '副本测试计划' });
		await assign(
			primary,
			programme.id,
			people.map((userId, i) => ({
				userId,
				unitId: i < 3 ? root : township,
				status: i % 3 === 0 ? 'completed' : i % 3 === 1 ? 'in_progress' : 'not_started'
			}))
		);
		admin = await addUser(primary, root, ['admin']);
		await useTestDatabase(primary);
		useReplica(replica);
		await settled(caughtUp);
	}, 120_000);

	afterAll(async () => {
		useReplica(undefined);
		await replica?.end();
		await primary?.end();
		cluster?.stop();
	});

	it('is a read-only standby, and the report queries answer there as on the primary', async () => {
		const [r] = await replica`select pg_is_in_recovery() as standby`;
		expect(r.standby).toBe(true);
		await expect(
			replica`insert into org_units (name, kind) values ('x', 'county')`
		).rejects.toThrow(/read-only/);
		const query = {
			programme: { ...programme, title: '', status: 'published', startsAt: new Date() },
			unitId: root,
			includeSub: true,
			filter: 'all' as const,
			q: '',
			sort: 'name' as const,
			dir: 'asc' as const
		};
		for (const sql of [primary, replica]) {
			expect(await completed(sql)).toBe(2);
		}
		expect(await unitReport(replica, programme, { unitId: root })).toEqual(
			await unitReport(primary, programme, { unitId: root })
		);
		expect(await subtreeRollup(replica, programme, root)).toEqual(
			await subtreeRollup(primary, programme, root)
		);
		expect(await peoplePage(replica, query as never)).toEqual(
			await peoplePage(primary, query as never)
		);
		expect(await bulletin(replica, programme.id, [root], 1, null)).toEqual(
			await bulletin(primary, programme.id, [root], 1, null)
		);
		const page = await loadPage();
		expect(page.freshness).toMatchObject({ source: 'replica', lagSeconds: 0, fallback: null });
	});

	it('paused replay: the label shows the lag, the writer reads the primary, too much lag reads the primary', async () => {
		await replica`select pg_wal_replay_pause()`;
		try {
			await primary`update programme_assignments set status = 'completed', completed_at = now()
				where programme_id = ${programme.id} and user_id = ${people[1]}`;
			const written = await primaryLsn(primary);
			await new Promise((r) => setTimeout(r, 2100));

			const stale = await chooseRead(primary, replica, { maxLagSeconds: 60 });
			expect(stale.source).toBe('replica');
			expect(stale.lagSeconds).toBeGreaterThanOrEqual(2);
			expect(await completed(stale.sql)).toBe(2); // the write is not there yet
			const label = freshness(stale);
			expect(label).toMatchObject({ source: 'replica', fallback: null });
			expect(label.at).toMatch(/^\d{2}:\d{2}:\d{2}$/);

			const mine = await chooseRead(primary, replica, { after: written, maxLagSeconds: 60 });
			expect(mine).toMatchObject({ source: 'primary', fallback: 'read_your_writes' });
			expect(await completed(mine.sql)).toBe(3);

			const strict = await chooseRead(primary, replica, { maxLagSeconds: 1 });
			expect(strict).toMatchObject({ source: 'primary', fallback: 'lagging' });

			// The page: someone else sees the replica's figures and its lag; the writer the primary's.
			const other = await loadPage();
			expect(other.freshness.source).toBe('replica');
			expect(other.freshness.lagSeconds).toBeGreaterThanOrEqual(2);
			expect(other.report.total.completed).toBe(2);
			const writer = await loadPage(written);
			expect(writer.freshness).toMatchObject({ source: 'primary', fallback: 'read_your_writes' });
			expect(writer.report.total.completed).toBe(3);
		} finally {
			await replica`select pg_wal_replay_resume()`;
		}
		await settled(caughtUp);
		expect(await completed(replica)).toBe(3);
		// Once replayed past the writer's position, the writer is back on the replica.
		const back = await chooseRead(primary, replica, {
			after: await primaryLsn(primary),
			maxLagSeconds: 60
		});
		expect(back.source).toBe('replica');
	});

	it('a signed-in write marks the browser with the primary’s WAL position', async () => {
		const e = event(admin, '/reports', {}, { form: { x: '1' } });
		const res = await readYourWrites({
			event: e,
			resolve: async () => new Response(null, { status: 303, headers: { location: '/' } })
		});
		const cookie = res.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(
			new RegExp(`^${WRITE_COOKIE}=[0-9A-F]+%2F[0-9A-F]+; Path=/; Max-Age=\\d+; HttpOnly`)
		);
		// A GET, or a failed write, sets nothing.
		const get = await readYourWrites({
			event: event(admin, '/reports', {}),
			resolve: async () => new Response('ok')
		});
		expect(get.headers.get('set-cookie')).toBeNull();
	});

	it('an unreachable replica does not take the reports down', async () => {
		const gone = postgres('postgres://nobody@127.0.0.1:4379/none', {
			...clientOptions,
			max: 1,
			connect_timeout: 2
		});
		const r = await chooseRead(primary, gone, { maxLagSeconds: 60 });
		expect(r).toMatchObject({ source: 'primary', fallback: 'unreachable' });
		await gone.end();
	});
});
