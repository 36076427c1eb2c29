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

-- 0170's add, inserting a new row with the person's unit, rank and status.
create or replace function credit_years_add(uids int[], yrs int[], keys text[], cs int[]) returns void
language plpgsql as $$
begin
	if exists (select 1 from unnest(keys) k where k <> all (array['course', 'live', 'live_concentrated', 'offline',
		'exam', 'teaching', 'out_of_region', 'secondment', 'manual'])) then
		raise exception 'credit_person_years has no column for source %',
			(select min(k) from unnest(keys) k where k <> all (array['course', 'live', 'live_concentrated', 'offline',
				'exam', 'teaching', 'out_of_region', 'secondment', 'manual']));
	end if;
	insert into credit_person_years as t (user_id, year, unit_id, rank_level, active, course, live,
		live_concentrated, offline, exam, teaching, out_of_region, secondment, manual)
	select d.u, d.y, p.unit_id, p.rank_level, p.active,
		coalesce(sum(d.c) filter (where d.k = 'course'), 0),
		coalesce(sum(d.c) filter (where d.k = 'live'), 0),
		coalesce(sum(d.c) filter (where d.k = 'live_concentrated'), 0),
		coalesce(sum(d.c) filter (where d.k = 'offline'), 0),
		coalesce(sum(d.c) filter (where d.k = 'exam'), 0),
		coalesce(sum(d.c) filter (where d.k = 'teaching'), 0),
		coalesce(sum(d.c) filter (where d.k = 'out_of_region'), 0),
		coalesce(sum(d.c) filter (where d.k = 'secondment'), 0),
		coalesce(sum(d.c) filter (where d.k = 'manual'), 0)
	from unnest(uids, yrs, keys, cs) d (u, y, k, c)
	join users p on p.id = d.u
	group by d.u, d.y, p.unit_id, p.rank_level, p.active
	-- one order for every writer: concurrent bulk writes lock rows in the same order
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
		manual = t.manual + excluded.manual;
end $$;
