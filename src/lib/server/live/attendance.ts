// Attendance of a live session, judged on the server when it ends.
//
// Minutes present: the union (a reconnect or a second tab does not count
// twice) of the person's presence intervals (presence.ts), each ending at the
// earliest of: leaving, last "watching" confirmation + GRACE, the session's
// end; clipped to [started_at, ended_at]. Check-ins: answers accepted before
// each deadline (the server refused late ones).
//
// Credit (rule kind 'live_attendance' of the version in force at the end, default 80 % and
// every check-in): present ≥ ratio × the session's ACTUAL length
// (ended_at − started_at) and, if required, every check-in answered → the
// session's credit_hours into credit_ledger (source 'live', source_id = the
// session id). The actual length, not the expected one: a session cut short
// must not make credit impossible for everyone who stayed to the end, and one
// that overran must not credit people who left at the planned time.
//
// Idempotent: rows are upserted and the ledger's unique key keeps one credit.
import type { Db } from '../db/index.ts';
import { shanghaiYear } from '../progress/completion.ts';
import { GRACE_SECONDS } from './presence.ts';
import { attendanceRule } from '../credit/rules.ts';

export interface FinaliseResult {
	people: number;
	credited: number;
	sessionSeconds: number;
	checkins: number;
}

/** Call once the session has ended (status 'ended', started_at and ended_at set). Safe to call again. */
export async function finaliseAttendance(sql: Db, sessionId: number): Promise<FinaliseResult> {
	return await (sql as import('postgres').Sql).begin(async (tx) => {
		const [s] = await tx`
			select id, lecturer_id, started_at, ended_at, credit_hours,
				greatest(0, extract(epoch from ended_at - started_at))::int as seconds,
				(select count(*)::int from live_checkins c where c.session_id = s.id and c.opened_at <= s.ended_at) as checkins
			from live_sessions s where id = ${sessionId} for update`;
		if (!s) throw new Error(`live session ${sessionId} not found`);
		if (!s.started_at || !s.ended_at) throw new Error(`live session ${sessionId} has not ended`);
		// the rules in force when the session ended
		const rule = await attendanceRule(tx, s.ended_at);
		const needSeconds = Math.ceil(rule.minPresenceRatio * s.seconds);
		const rows = await tx`
			with iv as (
				select p.user_id,
					greatest(p.joined_at, ${s.started_at}::timestamptz) as a,
					least(coalesce(p.left_at, 'infinity'), p.last_seen_at + make_interval(secs => ${GRACE_SECONDS}), ${s.ended_at}::timestamptz) as b
				from live_presence p where p.session_id = ${sessionId}
			),
			present as (
				select user_id, range_agg(tstzrange(a, b)) as mr from iv where a < b group by user_id
			),
			seconds as (
				select user_id, coalesce((select sum(extract(epoch from upper(r) - lower(r))) from unnest(mr) r), 0)::int as secs
				from present
			),
			answered as (
				select a.user_id, count(*)::int as n
				from live_checkin_answers a join live_checkins c on c.id = a.checkin_id
				where c.session_id = ${sessionId} and c.opened_at <= ${s.ended_at}::timestamptz
				group by a.user_id
			),
			people as (
				select user_id from seconds union select user_id from answered
			)
			insert into live_attendance (session_id, user_id, unit_id, seconds_present, checkins_answered, checkins_total, credited, hours, finalised_at)
			select ${sessionId}, p.user_id, u.unit_id, coalesce(x.secs, 0), coalesce(n.n, 0), ${s.checkins},
				c.ok, case when c.ok then ${s.credit_hours}::numeric else 0 end, now()
			from people p
			join users u on u.id = p.user_id
			left join seconds x on x.user_id = p.user_id
			left join answered n on n.user_id = p.user_id
			cross join lateral (select ${s.seconds}::int > 0
				and coalesce(x.secs, 0) >= ${needSeconds}
				and (not ${rule.requireAllCheckins} or coalesce(n.n, 0) >= ${s.checkins}) as ok) c
			where p.user_id <> ${s.lecturer_id}
			on conflict (session_id, user_id) do update set
				unit_id = excluded.unit_id, seconds_present = excluded.seconds_present,
				checkins_answered = excluded.checkins_answered, checkins_total = excluded.checkins_total,
				credited = live_attendance.credited or excluded.credited,
				hours = greatest(live_attendance.hours, excluded.hours), finalised_at = excluded.finalised_at
			returning user_id, credited, hours`;
		const credited = rows.filter((r) => r.credited && Number(r.hours) > 0);
		if (credited.length) {
			await tx`
				insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
				select uid, ${shanghaiYear(s.ended_at)}, 'live', ${String(sessionId)}, ${s.credit_hours}::numeric, ${s.ended_at}::timestamptz,
					credit_version_at(${s.ended_at}::timestamptz)
				from unnest(${credited.map((r) => r.user_id)}::int[]) as uid
				on conflict (user_id, source, source_id) do nothing`;
		}
		return {
			people: rows.length,
			credited: rows.filter((r) => r.credited).length,
			sessionSeconds: s.seconds,
			checkins: s.checkins
		};
	});
}
