import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime';
import { db } from '$lib/server/db';
import { NUDGE_MAX, NudgeError, previewNudge, sendNudge } from '$lib/server/reports/nudges';
import { peoplePage, peopleParams } from '$lib/server/reports/people';
import { withFigures } from '$lib/server/reports/people-figures';
import { unitReport } from '$lib/server/reports/rollup';
import { completionSeries } from '$lib/server/reports/snapshots';
import { formatDeadline, formatStamp, reportReads, reportTarget } from '../../../report.server';

export const load: PageServerLoad = async (event) => {
	const { user, programme, unitId, path } = await reportTarget(event, event.params.unitId);
	const sp = event.url.searchParams;
	const params = peopleParams(sp);
	const { filter, q, includeSub } = params;
	const page = Number.parseInt(sp.get('page') ?? '1', 10) || 1;
	const query = { programme, unitId, ...params };
	const one = sp.has('user') ? [Number(sp.get('user'))] : undefined;
	const read = await reportReads(event);
	const [report, people, series, nudge] = await Promise.all([
		unitReport(read.sql, programme, { unitId }),
		peoplePage(read.sql, query, page),
		completionSeries(read.sql, programme.id, unitId),
		sp.get('nudge') === '1'
			? previewNudge(
					db(),
					user,
					{ ...query, fromName: path[0]?.name ?? '', userIds: one },
					getLocale()
				).catch((e) => (e instanceof NudgeError ? nudgeFailure(e) : Promise.reject(e)))
			: null
	]);
	const figured = await withFigures(read.sql, programme.id, people.rows);
	return {
		freshness: read.freshness,
		programme: {
			id: programme.id,
			title: programme.title,
			deadline: formatDeadline(programme.deadline)
		},
		unitId,
		path,
		report,
		series,
		// under two days: no trend to draw yet (the chart says so)
		young: Date.now() - programme.startsAt.getTime() < 2 * 86_400_000,
		filter,
		q,
		includeSub,
		sort: params.sort,
		dir: params.dir,
		nudge: nudge && { ...nudge, userId: one?.[0] ?? null },
		people: {
			...people,
			rows: figured.map((p) => ({
				...p,
				lastActivityAt: p.lastActivityAt ? formatStamp(p.lastActivityAt) : null,
				completedAt: p.completedAt ? formatStamp(p.completedAt) : null,
				remindedAt: p.remindedAt ? formatStamp(p.remindedAt) : null
			}))
		}
	};
};

function nudgeFailure(e: NudgeError): never {
	if (e.code === 'scope') error(404, m.error_not_found());
	error(400, e.code === 'ids' ? m.nudge_error_ids() : m.nudge_error_too_many({ max: NUDGE_MAX }));
}

export const actions: Actions = {
	// 催学 the people the list shows (as filtered), or one of them.
	nudge: async (event) => {
		const { user, programme, unitId, path } = await reportTarget(event, event.params.unitId);
		const form = await event.request.formData();
		const { filter, q, includeSub } = peopleParams(form);
		const raw = form.getAll('user').map(String);
		const userIds = raw.length ? raw.map((v) => (/^\d{1,9}$/.test(v) ? Number(v) : -1)) : undefined;
		try {
			const r = await sendNudge(db(), user, {
				programme,
				unitId,
				includeSub,
				filter,
				q,
				fromName: path[0]?.name ?? '',
				userIds
			});
			return { nudged: r };
		} catch (e) {
			if (!(e instanceof NudgeError)) throw e;
			if (e.code === 'scope') error(404, m.error_not_found());
			return fail(400, {
				nudgeError:
					e.code === 'ids' ? m.nudge_error_ids() : m.nudge_error_too_many({ max: NUDGE_MAX })
			});
		}
	}
};
