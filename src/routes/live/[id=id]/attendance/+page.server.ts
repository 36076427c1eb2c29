import type { PageServerLoad } from './$types';
import { db } from '$lib/server/db';
import { attendanceRule } from '$lib/server/credit/rules';
import { personRows, unitRows } from '$lib/server/live/attendance-report';
import { loadAccess } from './attendance.server';

const PAGE = 100;

export const load: PageServerLoad = async (event) => {
	const { access, unitId } = await loadAccess(event);
	const sql = db();
	const page = Math.max(1, Number(event.url.searchParams.get('page')) || 1);
	const [units, people, rule, unit, hours] = await Promise.all([
		unitRows(sql, access, unitId),
		personRows(sql, access, unitId, { limit: PAGE, offset: (page - 1) * PAGE }),
		attendanceRule(sql),
		unitId === null
			? null
			: sql`select id, name, parent_id from org_units where id = ${unitId}`.then((r) => r[0]),
		sql`select credit_hours from live_sessions where id = ${access.session.id}`.then((r) =>
			Number(r[0].credit_hours)
		)
	]);
	// "Up" stays inside the viewer's scope: a leader's root goes back to the roots list.
	const atRoot = unit && access.roots?.includes(unit.id);
	const s = access.session;
	return {
		session: {
			id: s.id,
			title: s.title,
			status: s.status,
			checkins: s.checkins,
			minutes:
				s.startedAt && s.endedAt
					? Math.round((s.endedAt.getTime() - s.startedAt.getTime()) / 60_000)
					: null
		},
		unit: unit
			? {
					id: unit.id as number,
					name: unit.name as string,
					parentId: atRoot ? null : (unit.parent_id as number | null)
				}
			: null,
		units,
		people: people.rows,
		page,
		pages: Math.max(1, Math.ceil(people.total / PAGE)),
		total: people.total,
		rule: { percent: Math.round(rule.minPresenceRatio * 100), hours }
	};
};
