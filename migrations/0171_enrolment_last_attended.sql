-- The start of the last session a trainee attended (present or late) in a
-- class, kept beside attended_sessions (0130) by the same trigger. The
-- dispatch list's "last concentrated training" then reads a person's few
-- enrolments instead of grouping every attendance record of the subtree: for
-- the largest county of the prefecture seed that was ~75,000 of 566,000
-- records, hashed, most of the list's time.
alter table class_enrolments add column last_attended_at timestamptz;
update class_enrolments e set last_attended_at = m.at
from (
	select a.class_id, a.user_id, max(s.starts_at) as at
	from class_attendance a join class_sessions s on s.id = a.session_id
	where a.status in ('present', 'late') group by a.class_id, a.user_id) m
where m.class_id = e.class_id and m.user_id = e.user_id;
create index class_enrolments_user_last on class_enrolments (user_id) include (last_attended_at)
	where last_attended_at is not null;

-- The last attended session's start of one enrolment, from its records.
create function class_enrolment_last_attended(cid int, uid int) returns timestamptz
language sql stable as $$
	select max(s.starts_at) from class_attendance a join class_sessions s on s.id = a.session_id
	where a.class_id = cid and a.user_id = uid and a.status in ('present', 'late')
$$;

-- 0130's function, also keeping last_attended_at: a newly attended session
-- can only move it later; one no longer attended is recounted.
create or replace function class_attendance_count() returns trigger
language plpgsql as $$
declare
	was int := 0; now_ int := 0;
begin
	if tg_op in ('UPDATE', 'DELETE') then was := (old.status in ('present', 'late'))::int; end if;
	if tg_op in ('INSERT', 'UPDATE') then now_ := (new.status in ('present', 'late'))::int; end if;
	if tg_op = 'UPDATE' and (old.class_id, old.user_id) is distinct from (new.class_id, new.user_id) then
		raise exception 'an attendance record cannot move to another enrolment';
	end if;
	if now_ > was then
		update class_enrolments set attended_sessions = attended_sessions + 1,
			last_attended_at = greatest(last_attended_at, (select starts_at from class_sessions where id = new.session_id))
		where class_id = new.class_id and user_id = new.user_id;
	elsif now_ < was then
		update class_enrolments set attended_sessions = attended_sessions - 1,
			last_attended_at = class_enrolment_last_attended(old.class_id, old.user_id)
		where class_id = old.class_id and user_id = old.user_id;
	end if;
	return null;
end $$;

-- A session moved to another time: its attendees' last session is recounted.
create function class_session_moved() returns trigger
language plpgsql as $$
begin
	update class_enrolments e set last_attended_at = class_enrolment_last_attended(e.class_id, e.user_id)
	from class_attendance a
	where a.session_id = new.id and a.status in ('present', 'late')
		and e.class_id = a.class_id and e.user_id = a.user_id;
	return null;
end $$;
create trigger class_session_moved after update of starts_at on class_sessions
	for each row when (old.starts_at is distinct from new.starts_at)
	execute function class_session_moved();
