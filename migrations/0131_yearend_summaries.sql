-- Small summaries the year-end statistics read instead of every enrolment and
-- evaluation of a year (~85,000 and ~65,000 rows on the prefecture seed), kept
-- by triggers so they cannot drift from the rows (the tests recount them).

-- Per person and year: classes of that year they took part in (attended
-- sessions > 0: one person-time each) and how many of those were specialised.
create table class_trainee_years (
	year int not null,
	user_id int not null references users (id) on delete cascade,
	classes int not null default 0 check (classes >= 0),
	specialised int not null default 0 check (specialised >= 0 and specialised <= classes),
	primary key (year, user_id)
);

-- (a subtraction is an update: the checks apply to an upsert's proposed row too)
create function class_trainee_years_add(p_user int, p_year int, p_specialised boolean, p_sign int) returns void
language plpgsql as $$
begin
	if p_sign > 0 then
		insert into class_trainee_years as t (year, user_id, classes, specialised)
		values (p_year, p_user, 1, p_specialised::int)
		on conflict (year, user_id) do update
			set classes = t.classes + 1, specialised = t.specialised + excluded.specialised;
	else
		update class_trainee_years set classes = classes - 1, specialised = specialised - p_specialised::int
		where year = p_year and user_id = p_user;
	end if;
end $$;

-- An enrolment starts or stops counting when attended_sessions leaves or reaches 0.
create function class_trainee_years_enrolment() returns trigger
language plpgsql as $$
declare
	was boolean := tg_op in ('UPDATE', 'DELETE') and old.attended_sessions > 0;
	now_ boolean := tg_op in ('INSERT', 'UPDATE') and new.attended_sessions > 0;
	c record;
begin
	if was = now_ then return null; end if;
	-- a class being deleted has already taken its enrolments off (classes trigger below)
	select extract(year from starts_on)::int as year, field_code is not null as specialised into c
	from classes where id = coalesce(new.class_id, old.class_id);
	if not found then return null; end if;
	perform class_trainee_years_add(coalesce(new.user_id, old.user_id), c.year, c.specialised,
		case when now_ then 1 else -1 end);
	return null;
end $$;
create trigger class_trainee_years_enrolment after insert or update of attended_sessions or delete on class_enrolments
	for each row execute function class_trainee_years_enrolment();

-- A class moved to another year, made (un)specialised, or deleted moves its trainees' counts.
create function class_trainee_years_class() returns trigger
language plpgsql as $$
begin
	if tg_op = 'UPDATE' and old.starts_on is not distinct from new.starts_on
		and (old.field_code is null) = (new.field_code is null) then
		return null;
	end if;
	update class_trainee_years t set classes = t.classes - 1, specialised = t.specialised - (old.field_code is not null)::int
	from class_enrolments e
	where e.class_id = old.id and e.attended_sessions > 0
		and t.year = extract(year from old.starts_on)::int and t.user_id = e.user_id;
	if tg_op = 'UPDATE' then
		insert into class_trainee_years as t (year, user_id, classes, specialised)
		select extract(year from new.starts_on)::int, e.user_id, 1, (new.field_code is not null)::int
		from class_enrolments e where e.class_id = new.id and e.attended_sessions > 0
		on conflict (year, user_id) do update
			set classes = t.classes + excluded.classes, specialised = t.specialised + excluded.specialised;
	end if;
	return case when tg_op = 'DELETE' then old else null end;
end $$;
create trigger class_trainee_years_class_update after update of starts_on, field_code on classes
	for each row execute function class_trainee_years_class();
create trigger class_trainee_years_class_delete before delete on classes
	for each row execute function class_trainee_years_class();

insert into class_trainee_years (year, user_id, classes, specialised)
select extract(year from c.starts_on)::int, e.user_id, count(*), count(*) filter (where c.field_code is not null)
from class_enrolments e join classes c on c.id = e.class_id
where e.attended_sessions > 0
group by 1, 2;

-- Per session and the lecturer rated: the evaluations' count and score total.
create table class_session_ratings (
	session_id int not null references class_sessions (id) on delete cascade,
	lecturer_id int not null references lecturers (id) on delete cascade,
	ratings int not null check (ratings >= 0),
	score_total int not null check (score_total >= 0),
	primary key (session_id, lecturer_id)
);

create function class_session_ratings_count() returns trigger
language plpgsql as $$
begin
	if tg_op in ('UPDATE', 'DELETE') and old.lecturer_id is not null then
		update class_session_ratings set ratings = ratings - 1, score_total = score_total - old.lecturer_score
		where session_id = old.session_id and lecturer_id = old.lecturer_id;
	end if;
	if tg_op in ('INSERT', 'UPDATE') and new.lecturer_id is not null then
		insert into class_session_ratings as r (session_id, lecturer_id, ratings, score_total)
		values (new.session_id, new.lecturer_id, 1, new.lecturer_score)
		on conflict (session_id, lecturer_id) do update
			set ratings = r.ratings + 1, score_total = r.score_total + excluded.score_total;
	end if;
	return null;
end $$;
create trigger class_session_ratings_count after insert or update or delete on class_evaluations
	for each row execute function class_session_ratings_count();

insert into class_session_ratings (session_id, lecturer_id, ratings, score_total)
select session_id, lecturer_id, count(*), sum(lecturer_score)
from class_evaluations where lecturer_id is not null
group by 1, 2;
