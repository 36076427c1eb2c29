-- The unit view (archive/shortfall.ts) reads a year's person rows grouped by
-- unit. Joining ~29,000 people to their rows on every reading of the
-- prefecture cost most of its time; a person-year row now carries the
-- person's unit, rank and whether they are active, kept equal to users' by the
-- trigger below, so the roll-up groups one table (people without a row that
-- year are counted from users by unit and rank).
alter table credit_person_years
	add column unit_id int,
	add column rank_level text,
	add column active boolean;
update credit_person_years y set unit_id = u.unit_id, rank_level = u.rank_level, active = u.active
from users u where u.id = y.user_id;
alter table credit_person_years
	alter column unit_id set not null,
	alter column rank_level set not null,
	alter column active set not null;
-- the year's active rows of a rank, in unit order (the roll-up's one scan)
create index credit_person_years_unit on credit_person_years (year, rank_level, unit_id) where active;
-- (users are counted by unit and rank from users_unit_rank, 0104, without the table)

-- A move, a new rank or a deactivation moves the person's rows with them.
create function users_person_years_sync() returns trigger
language plpgsql as $$
begin
	update credit_person_years set unit_id = new.unit_id, rank_level = new.rank_level, active = new.active
	where user_id = new.id;
	return null;
end $$;
create trigger users_person_years_sync after update of unit_id, rank_level, active on users
	for each row when ((old.unit_id, old.rank_level, old.active) is distinct from (new.unit_id, new.rank_level, new.active))
	execute function users_person_years_sync();

-- Deltas as parallel arrays (person, year, source key, hundredths), summed
-- per person-year into the columns: the one place add and sub read them from.
create function credit_years_delta(uids int[], yrs int[], keys text[], cs int[])
returns table (u int, y int, course int, live int, live_concentrated int, offline int, exam int,
	teaching int, out_of_region int, secondment int, manual int)
language plpgsql as $$
declare
	known constant text[] := array['course', 'live', 'live_concentrated', 'offline', 'exam', 'teaching',
		'out_of_region', 'secondment', 'manual'];
	stray text := (select min(k) from unnest(keys) k where k <> all (known));
begin
	if stray is not null then
		raise exception 'credit_person_years has no column for source %', stray;
	end if;
	return query
	select d.u, d.y,
		coalesce(sum(d.c) filter (where d.k = 'course'), 0)::int,
		coalesce(sum(d.c) filter (where d.k = 'live'), 0)::int,
		coalesce(sum(d.c) filter (where d.k = 'live_concentrated'), 0)::int,
		coalesce(sum(d.c) filter (where d.k = 'offline'), 0)::int,
		coalesce(sum(d.c) filter (where d.k = 'exam'), 0)::int,
		coalesce(sum(d.c) filter (where d.k = 'teaching'), 0)::int,
		coalesce(sum(d.c) filter (where d.k = 'out_of_region'), 0)::int,
		coalesce(sum(d.c) filter (where d.k = 'secondment'), 0)::int,
		coalesce(sum(d.c) filter (where d.k = 'manual'), 0)::int
	from unnest(uids, yrs, keys, cs) d (u, y, k, c)
	group by d.u, d.y
	-- one order for every writer: concurrent bulk writes lock rows in the same order
	order by d.u, d.y;
end $$;

-- 0170's add and sub over the one delta; a new row takes the person's unit, rank and status.
create or replace function credit_years_add(uids int[], yrs int[], keys text[], cs int[]) returns void
language sql as $$
	insert into credit_person_years as t (user_id, year, unit_id, rank_level, active, course, live,
		live_concentrated, offline, exam, teaching, out_of_region, secondment, manual)
	select d.u, d.y, p.unit_id, p.rank_level, p.active, d.course, d.live, d.live_concentrated, d.offline,
		d.exam, d.teaching, d.out_of_region, d.secondment, d.manual
	from credit_years_delta(uids, yrs, keys, cs) d join users p on p.id = d.u
	order by d.u, d.y
	on conflict (user_id, year) do update set
		course = t.course + excluded.course,
		live = t.live + excluded.live,
		live_concentrated = t.live_concentrated + excluded.live_concentrated,
		offline = t.offline + excluded.offline,
		exam = t.exam + excluded.exam,
		teaching = t.teaching + excluded.teaching,
		out_of_region = t.out_of_region + excluded.out_of_region,
		secondment = t.secondment + excluded.secondment,
		manual = t.manual + excluded.manual
$$;

create or replace function credit_years_sub(uids int[], yrs int[], keys text[], cs int[]) returns void
language sql as $$
	update credit_person_years t set
		course = t.course - d.course,
		live = t.live - d.live,
		live_concentrated = t.live_concentrated - d.live_concentrated,
		offline = t.offline - d.offline,
		exam = t.exam - d.exam,
		teaching = t.teaching - d.teaching,
		out_of_region = t.out_of_region - d.out_of_region,
		secondment = t.secondment - d.secondment,
		manual = t.manual - d.manual
	from credit_years_delta(uids, yrs, keys, cs) d
	-- a person being deleted: their row goes by the cascade; updating it first would fail its key check
	where t.user_id = d.u and t.year = d.y and exists (select 1 from users u where u.id = d.u)
$$;
