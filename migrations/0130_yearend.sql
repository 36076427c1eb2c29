-- Year-end statistics (issue 12): what the source document's figures mean in
-- this schema, so the page, the seed and the tests read one definition.
--
-- 基层干部 (grassroots cadres): "县直机关、乡镇(街道)、村(社区)等基层干部".
-- A grassroots unit is a township/street or a village/community, or a body
-- directly under a county or a park (县直机关; the document pairs parks with
-- counties as 县市(园区)). Every person of such a unit counts, whatever the
-- rank level: the document counts village and community workers, who are
-- 职工 in the roster, as grassroots cadres.
create view grassroots_units as
	select u.id
	from org_units u left join org_units p on p.id = u.parent_id
	where u.kind in ('township', 'village')
		or (u.kind in ('department', 'other') and p.kind in ('county', 'park'));

-- Sessions a trainee attended (present or late), kept by a trigger on
-- class_attendance: "took part in the class" (one person-time, 人次) is
-- attended_sessions > 0, read without scanning every attendance record.
alter table class_enrolments add column attended_sessions int not null default 0
	check (attended_sessions >= 0);
update class_enrolments e set attended_sessions = a.n
from (
	select class_id, user_id, count(*)::int as n from class_attendance
	where status in ('present', 'late') group by class_id, user_id) a
where a.class_id = e.class_id and a.user_id = e.user_id;

create function class_attendance_count() returns trigger
language plpgsql as $$
declare
	was int := 0; now_ int := 0;
begin
	if tg_op in ('UPDATE', 'DELETE') then was := (old.status in ('present', 'late'))::int; end if;
	if tg_op in ('INSERT', 'UPDATE') then now_ := (new.status in ('present', 'late'))::int; end if;
	if tg_op = 'UPDATE' and (old.class_id, old.user_id) is distinct from (new.class_id, new.user_id) then
		raise exception 'an attendance record cannot move to another enrolment';
	end if;
	if now_ <> was then
		update class_enrolments set attended_sessions = attended_sessions + now_ - was
		where class_id = coalesce(new.class_id, old.class_id) and user_id = coalesce(new.user_id, old.user_id);
	end if;
	return null;
end $$;
create trigger class_attendance_count after insert or update or delete on class_attendance
	for each row execute function class_attendance_count();

-- The year-end page reads a year's classes, their sessions and evaluations
-- (sessions by site and by route: indexed in 0120).
