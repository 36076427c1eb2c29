// 催学: a leader reminds the people of a report's people list who have not
// finished (not started, behind, overdue). The server recomputes who that is
// from the query (never trusts a list from the browser: ids sent along may
// only narrow it), inside the leader's subtree only, at most once a day per
// person and programme (programme_nudges' unique key), recorded for the
// report. In-app notification always; SMS where a phone number and a gateway exist.
import type postgres from 'postgres';
import type { Db } from '$lib/server/db';
import type { SessionUser } from '$lib/server/auth/types';
import { isUnitInScope } from '$lib/server/auth/guard';
import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/paraglide/runtime';
import { notify } from '$lib/server/notifications';
import { mobileNumber, smsProvider } from '$lib/server/notifications/sms';
import { deadlineDay } from '$lib/server/programmes/validate';
import { where, type PeopleQuery } from './people.ts';
import { shanghaiDay } from './types.ts';

/** Most people one request reminds (a county is a few thousand). */
export const NUDGE_MAX = 5000;

export class NudgeError extends Error {
	constructor(readonly code: 'scope' | 'ids' | 'too_many') {
		super(code);
	}
}

export interface NudgeRequest extends PeopleQuery {
	programme: { id: number; title: string; deadline: Date };
	/** the report unit's name: who the reminder says it is from */
	fromName: string;
	/** only these people (each must be one the query finds) */
	userIds?: number[];
}

interface Target {
	userId: number;
	phone: string;
	locale: Locale | null;
	today: boolean;
}

export function nudgeParams(r: NudgeRequest) {
	return {
		programmeId: r.programme.id,
		title: r.programme.title,
		deadline: deadlineDay(r.programme.deadline),
		from: r.fromName
	};
}

/** The reminder's text in a language (the preview, the SMS). */
export function nudgeText(r: NudgeRequest, locale: Locale): string {
	return m.notif_programme_nudge(nudgeParams(r), { locale });
}

async function targets(sql: Db, user: SessionUser, r: NudgeRequest, day: string) {
	if (!(await isUnitInScope(sql, user, r.unitId))) throw new NudgeError('scope');
	const { cond } = where(sql, r);
	const rows = await sql<Target[]>`
		select a.user_id as "userId", u.phone, u.locale,
			exists (select 1 from programme_nudges n where n.programme_id = a.programme_id
				and n.user_id = a.user_id and n.day = ${day}::date) as today
		from programme_assignments a join users u on u.id = a.user_id
		where ${cond} and a.status <> 'completed' and u.active
		order by a.user_id limit ${NUDGE_MAX + 1}`;
	if (rows.length > NUDGE_MAX) throw new NudgeError('too_many');
	if (!r.userIds) return rows;
	const found = new Map(rows.map((t) => [t.userId, t]));
	if (!r.userIds.length || r.userIds.some((id) => !found.has(id))) throw new NudgeError('ids');
	return [...new Set(r.userIds)].map((id) => found.get(id)!);
}

export interface NudgePreview {
	/** people the reminder would reach now */
	count: number;
	/** people shown who were already reminded today */
	skipped: number;
	text: string;
}

export async function previewNudge(
	sql: Db,
	user: SessionUser,
	r: NudgeRequest,
	locale: Locale,
	now = new Date()
): Promise<NudgePreview> {
	const all = await targets(sql, user, r, shanghaiDay(now));
	const skipped = all.filter((t) => t.today).length;
	return { count: all.length - skipped, skipped, text: nudgeText(r, locale) };
}

export interface NudgeResult {
	sent: number;
	skipped: number;
	sms: number;
	smsFailed: number;
}

export async function sendNudge(
	sql: postgres.Sql,
	user: SessionUser,
	r: NudgeRequest,
	now = new Date()
): Promise<NudgeResult> {
	const day = shanghaiDay(now);
	const all = await targets(sql, user, r, day);
	const ids = all.map((t) => t.userId);
	// The insert decides: a reminder sent meanwhile (another leader, a double
	// click) conflicts and is skipped, never sent twice.
	const sent: number[] = await sql.begin(async (tx) => {
		const rows = await tx<{ userId: number }[]>`
			insert into programme_nudges (programme_id, user_id, sent_by, day, sent_at)
			select ${r.programme.id}, id, ${user.id > 0 ? user.id : null}, ${day}::date, ${now}
			from unnest(${ids}::int[]) id
			on conflict (programme_id, user_id, day) do nothing
			returning user_id as "userId"`;
		const params = nudgeParams(r);
		await notify(
			tx,
			rows.map((x) => ({
				userId: x.userId,
				kind: 'programme_nudge',
				params,
				link: '/tasks',
				dedupeKey: `programme:${r.programme.id}:nudge:${day}`
			}))
		);
		return rows.map((x) => x.userId);
	});
	const out: NudgeResult = {
		sent: sent.length,
		skipped: all.length - sent.length,
		sms: 0,
		smsFailed: 0
	};
	const gateway = smsProvider();
	if (!gateway) return out;
	const byId = new Map(all.map((t) => [t.userId, t]));
	for (const id of sent) {
		const t = byId.get(id)!;
		const to = mobileNumber(t.phone);
		if (!to) continue;
		const ok = await gateway.send(to, nudgeText(r, t.locale ?? 'zh-CN')).then(
			() => true,
			(e) => (console.error(`sms (${gateway.name}) to ${id}:`, e), false)
		);
		if (ok) out.sms++;
		else out.smsFailed++;
		await sql`update programme_nudges set sms_status = ${ok ? 'sent' : 'failed'}
			where programme_id = ${r.programme.id} and user_id = ${id} and day = ${day}::date`;
	}
	return out;
}
