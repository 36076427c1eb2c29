// The training year's attendance, completions, 学时 and evaluations, each one
// INSERT … SELECT over the classes' enrolments and sessions. Draws are hashes
// of the ids, so the same seed gives the same rows.
//
// Attendance: a trainee who came is present (or late) at the first session
// and at most of the rest; a no-show (ty_noshow) is absent or excused at every
// session. Completion and 学时 follow the rule of classes/completion.ts:
// attendance at ≥ the class's share of its sessions completes it and earns
// days × 'offline_class_day' 学时 of the rule version in force at its end;
// every session taught by a staff lecturer earns 'teaching_session'.
import type { Db } from '../db/index.ts';

export async function insertAttendance(
	tx: Db,
	ids: number[],
	staffLecturerIds: number[],
	zone: string,
	step: (label: string) => void = () => {}
): Promise<number> {
	// The trigger keeping attended_sessions (and last_attended_at) runs per row; counted in the completion update instead.
	await tx`alter table class_attendance disable trigger class_attendance_count`;
	// Its two foreign keys are checked row by row (~570,000 rows on the prefecture): dropped
	// for the bulk insert and added back as 0110 defines them, checked in one pass each.
	await tx`
		alter table class_attendance drop constraint class_attendance_session_id_class_id_fkey,
			drop constraint class_attendance_class_id_user_id_fkey`;
	const a = await tx`
		insert into class_attendance (session_id, class_id, user_id, status, method, marked_at)
		select s.id, s.class_id, e.user_id,
			case
				when ns.user_id is not null then case when h % 5 = 0 then 'excused' else 'absent' end
				when (s.starts_at at time zone ${zone})::date = cl.starts_on then case when h % 20 = 0 then 'late' else 'present' end
				when h % 100 < 88 then 'present' when h % 100 < 93 then 'late'
				when h % 100 < 96 then 'excused' else 'absent'
			end,
			(array['screen_qr', 'typed_code', 'personal_code', 'manual'])[1 + (h / 7) % 4],
			s.starts_at + (h % 15) * interval '1 minute'
		from class_sessions s join classes cl on cl.id = s.class_id
		join class_enrolments e on e.class_id = s.class_id and e.status = 'enrolled'
		left join ty_noshow ns on ns.class_id = e.class_id and ns.user_id = e.user_id
		cross join lateral (select abs(hashtext(s.id || ':' || e.user_id)) as h) x
		where s.class_id = any(${ids}::int[])`;
	await tx`
		alter table class_attendance
			add constraint class_attendance_session_id_class_id_fkey foreign key (session_id, class_id)
				references class_sessions (id, class_id) on delete cascade,
			add constraint class_attendance_class_id_user_id_fkey foreign key (class_id, user_id)
				references class_enrolments (class_id, user_id) on delete cascade`;
	await tx`alter table class_attendance enable trigger class_attendance_count`;
	step('attendance');
	// The summaries' triggers (0131) also run per row: filled in bulk after.
	await tx`alter table class_enrolments disable trigger class_trainee_years_enrolment`;
	await tx`
		update class_enrolments e set attended_sessions = a.att, last_attended_at = a.last_at,
			completed_at = case when a.att * 100 >= round(c.completion_share * 100) * k.n then k.ends_at end
		from (
			select a.class_id, a.user_id, count(*) filter (where a.status in ('present', 'late')) as att,
				max(s.starts_at) filter (where a.status in ('present', 'late')) as last_at
			from class_attendance a join class_sessions s on s.id = a.session_id
			where a.class_id = any(${ids}::int[]) group by a.class_id, a.user_id) a
		join (
			select class_id, count(*) as n, max(ends_at) as ends_at from class_sessions
			where class_id = any(${ids}::int[]) group by class_id) k on k.class_id = a.class_id
		join classes c on c.id = a.class_id
		where e.class_id = a.class_id and e.user_id = a.user_id`;
	await tx`alter table class_enrolments enable trigger class_trainee_years_enrolment`;
	await tx`
		insert into class_trainee_years as t (year, user_id, classes, specialised)
		select extract(year from c.starts_on)::int, e.user_id, count(*), count(*) filter (where c.field_code is not null)
		from class_enrolments e join classes c on c.id = e.class_id
		where e.class_id = any(${ids}::int[]) and e.attended_sessions > 0
		group by 1, 2
		on conflict (year, user_id) do update
			set classes = t.classes + excluded.classes, specialised = t.specialised + excluded.specialised`;
	step('completion');
	await tx`
		insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
		select e.user_id, extract(year from e.completed_at at time zone ${zone})::int, 'offline', e.class_id::text,
			c.days * coalesce(r.hours, 0), e.completed_at, v.id
		from class_enrolments e join classes c on c.id = e.class_id
		cross join lateral (select credit_version_at(e.completed_at) as id) v
		left join lateral (
			select hours from credit_rules where version_id = v.id and kind = 'offline_class_day' order by id limit 1) r on true
		where e.class_id = any(${ids}::int[]) and e.completed_at is not null`;
	await tx`
		insert into credit_ledger (user_id, year, source, source_id, hours, earned_at, rule_version_id)
		select l.user_id, extract(year from s.ends_at at time zone ${zone})::int, 'teaching', 'class_session:' || s.id,
			coalesce(r.hours, 0), s.ends_at, v.id
		from class_sessions s join lecturers l on l.id = s.lecturer_id
		cross join lateral (select credit_version_at(s.ends_at) as id) v
		left join lateral (
			select hours from credit_rules where version_id = v.id and kind = 'teaching_session' order by id limit 1) r on true
		where s.class_id = any(${ids}::int[]) and l.id = any(${staffLecturerIds}::int[]) and l.user_id is not null`;
	step('ledger');
	// About one attendance in eight is rated; each lecturer has their own level (3–5) the scores vary around.
	await tx`alter table class_evaluations disable trigger class_session_ratings_count`;
	await tx`
		insert into class_evaluations (session_id, user_id, class_id, lecturer_id, session_score, lecturer_score, comment, created_at)
		select a.session_id, a.user_id, a.class_id, s.lecturer_id,
			least(5, greatest(1, q.level + (h / 8) % 3 - 1)),
			case when s.lecturer_id is not null then least(5, greatest(1, q.level + (h / 24) % 3 - 1)) end,
			(array['', '讲得很透彻', '案例贴近实际', '收获很大', '', '希望多安排现场教学'])[1 + (h / 72) % 6],
			s.ends_at + (1 + h % 48) * interval '1 hour'
		from class_attendance a join class_sessions s on s.id = a.session_id
		cross join lateral (select abs(hashtext('ev' || a.session_id || ':' || a.user_id)) as h) x
		cross join lateral (select 3 + abs(hashtext('lq' || coalesce(s.lecturer_id, 0))) % 3 as level) q
		where a.class_id = any(${ids}::int[]) and a.status in ('present', 'late') and x.h % 8 = 0`;
	await tx`alter table class_evaluations enable trigger class_session_ratings_count`;
	await tx`
		insert into class_session_ratings as r (session_id, lecturer_id, ratings, score_total)
		select e.session_id, e.lecturer_id, count(*), sum(e.lecturer_score) from class_evaluations e
		where e.class_id = any(${ids}::int[]) and e.lecturer_id is not null
		group by 1, 2
		on conflict (session_id, lecturer_id) do update
			set ratings = r.ratings + excluded.ratings, score_total = r.score_total + excluded.score_total`;
	step('evaluations');
	return a.count;
}
