// The year-end part of `npm run bench:archive`: the statistics of the whole
// prefecture for 2022 (the seed's training year) as the page loads them for
// an administrator (target + every figure). Imported by bench/archive.ts, so
// the archive/unit-view bench (h12a) and the dispatch bench (h12p) can add
// `yearend_p95_ms: await measureYearEnd(sql, time)` to their final line.
import type postgres from 'postgres';
import { yearEndStats } from '../src/lib/server/yearend/stats.ts';
import { yearEndTarget } from '../src/lib/server/yearend/scope.ts';
import type { SessionUser } from '../src/lib/server/auth/types.ts';

export async function measureYearEnd(
	sql: postgres.Sql,
	time: (label: string, fn: () => Promise<unknown>) => Promise<number>
): Promise<number> {
	const [admin] = await sql<{ id: number }[]>`select id from users where employee_no = 'admin'`;
	const user = { id: admin.id, roles: ['admin'], scopeUnitIds: [] } as unknown as SessionUser;
	const params = new URLSearchParams({ year: '2022' });
	const check = await yearEndStats(sql, { year: 2022, unitId: null });
	console.error(
		`year-end 2022: ${check.classes} classes, ${check.specialisedClasses} specialised, ${check.specialisedPersonTimes} person-times, ${check.grassrootsTrained} grassroots`
	);
	return time('yearend: whole prefecture (admin)', async () => {
		const target = await yearEndTarget(sql, user, params);
		return yearEndStats(sql, target.query);
	});
}
