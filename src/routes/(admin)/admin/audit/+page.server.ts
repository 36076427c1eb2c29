import type { PageServerLoad } from './$types';
import * as limits from '$lib/api/limits';
import { m } from '$lib/paraglide/messages.js';
import { ACTIONS, search } from '$lib/server/audit';
import { actionLabel } from '$lib/server/audit/labels';
import { guard } from '$lib/server/auth';
import { formatStamp, nextDay, startOfDay } from '$lib/server/clock';
import { db } from '$lib/server/db';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

// The audit log, for administrators only: search by actor, action and days (the organisation's zone).
export const load: PageServerLoad = async (event) => {
	guard.requireRole(event, 'admin');
	const sp = event.url.searchParams;
	const actor = (sp.get('actor') ?? '').slice(0, limits.search.text);
	const action = sp.get('action') ?? '';
	const fromDay = sp.get('from') ?? '';
	const toDay = sp.get('to') ?? '';
	const errors: string[] = [];
	const day = (raw: string) => {
		if (!raw) return null;
		const at = DAY.test(raw) ? startOfDay(raw) : null;
		if (!at) errors.push(m.audit_err_day({ value: raw }));
		return at;
	};
	const from = day(fromDay);
	const until = toDay && DAY.test(toDay) ? day(nextDay(toDay)) : day(toDay);
	if (from && until && from >= until) errors.push(m.audit_err_range());
	const result = errors.length
		? { rows: [], total: 0, page: 1, pages: 1 }
		: await search(db(), {
				actor,
				action,
				from,
				until,
				page: Number.parseInt(sp.get('page') ?? '1', 10) || 1
			});
	return {
		filters: { actor, action, from: fromDay, to: toDay },
		errors,
		actions: ACTIONS.map((a) => ({ value: a, label: actionLabel(a) })),
		total: result.total,
		page: result.page,
		pages: result.pages,
		rows: result.rows.map((r) => ({
			id: r.id,
			at: formatStamp(r.at),
			actor: r.actorLabel,
			action: actionLabel(r.action),
			target: r.target,
			detail: Object.keys(r.detail).length ? JSON.stringify(r.detail) : '',
			ip: r.ip ?? ''
		}))
	};
};
