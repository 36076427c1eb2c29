-- 学时 requirements per rank level as versioned data (issue 12). A
-- requirement (online self-study, concentrated training a year, concentrated
-- training in five years) has versions; each says which rank levels it binds,
-- which ledger sources count, the window (1 = the calendar year, N = the N
-- calendar years ending with the year looked at), the hours and the days it is
-- in force. Two versions of one requirement never overlap (the exclusion
-- constraint; the app says which one is in the way).
create table hour_requirements (
	id serial primary key,
	code text not null unique check (code ~ '^[a-z0-9_]{2,40}$'),
	name_zh text not null check (length(btrim(name_zh)) between 1 and 50),
	name_en text not null check (length(btrim(name_en)) between 1 and 80),
	position int not null default 0
);

-- Ledger sources a version may count. 'live' is a live session not marked as
-- concentrated training; 'live_concentrated' one that is (live_sessions.concentrated).
create function requirement_sources() returns text[]
language sql immutable parallel safe as $$
	select array['course', 'live', 'live_concentrated', 'exam', 'offline', 'teaching',
		'out_of_region', 'secondment', 'manual']
$$;

create table hour_requirement_versions (
	id serial primary key,
	requirement_id int not null references hour_requirements (id) on delete cascade,
	rank_levels text[] not null check (cardinality(rank_levels) > 0
		and rank_levels <@ array['county', 'township', 'general', 'employee']),
	sources text[] not null check (cardinality(sources) > 0 and sources <@ requirement_sources()),
	window_years int not null check (window_years between 1 and 10),
	hours numeric(7, 2) not null check (hours > 0 and hours <= 5000),
	valid_from date not null,
	-- the last day in force; null: until a later version replaces it
	valid_to date,
	note text not null default '' check (length(note) <= 500),
	created_by text,
	created_at timestamptz not null default now(),
	check (valid_to is null or valid_to >= valid_from),
	constraint hour_requirement_versions_overlap exclude using gist (
		int4range(requirement_id, requirement_id, '[]') with &&,
		daterange(valid_from, valid_to, '[]') with &&)
);

insert into hour_requirements (code, name_zh, name_en, position) values
	('online', '网络自学', 'Online self-study', 1),
	('concentrated_year', '集中培训（每年）', 'Concentrated training (yearly)', 2),
	('concentrated_5y', '集中培训（五年）', 'Concentrated training (five years)', 3);

-- The first versions. Online self-study takes the rank levels and hours of
-- annual_hour_requirements as they stand (so no page changes), the
-- regulations' concentrated-training rules the rest.
insert into hour_requirement_versions (requirement_id, rank_levels, sources, window_years, hours, valid_from, note)
select r.id, a.ranks, array['course', 'live', 'exam'], 1, a.hours, date '2000-01-01', '初始要求'
from hour_requirements r,
	(select array_agg(rank_level order by rank_level) as ranks, max(hours) as hours
		from annual_hour_requirements) a
where r.code = 'online' and a.ranks is not null;
insert into hour_requirement_versions (requirement_id, rank_levels, sources, window_years, hours, valid_from, note)
select id, array['township', 'general'],
	array['offline', 'out_of_region', 'secondment', 'live_concentrated', 'manual'], 1, 90, date '2000-01-01', '初始要求'
from hour_requirements where code = 'concentrated_year'
union all
select id, array['county'],
	array['offline', 'out_of_region', 'secondment', 'live_concentrated', 'manual'], 5, 550, date '2000-01-01', '初始要求'
from hour_requirements where code = 'concentrated_5y';

-- annual_hour_requirements had one figure per rank; if they differed, keep
-- each rank's own figure as its own online requirement.
do $$
declare r record; n int := 1;
begin
	if (select count(distinct hours) from annual_hour_requirements) > 1 then
		update hour_requirement_versions set rank_levels = array[(select min(rank_level) from annual_hour_requirements)],
			hours = (select hours from annual_hour_requirements order by rank_level limit 1)
		where requirement_id = (select id from hour_requirements where code = 'online');
		for r in select rank_level, hours from annual_hour_requirements order by rank_level offset 1 loop
			n := n + 1;
			insert into hour_requirements (code, name_zh, name_en, position)
			values ('online_' || r.rank_level, '网络自学', 'Online self-study', 1);
			insert into hour_requirement_versions (requirement_id, rank_levels, sources, window_years, hours, valid_from, note)
			select id, array[r.rank_level], array['course', 'live', 'exam'], 1, r.hours, date '2000-01-01', '初始要求'
			from hour_requirements where code = 'online_' || r.rank_level;
		end loop;
	end if;
end $$;

-- The old table becomes a view of the online requirement in force today
-- (read-only), for anything that still reads it.
drop table annual_hour_requirements;
create view annual_hour_requirements as
	select unnest(v.rank_levels) as rank_level, v.hours, v.sources
	from hour_requirement_versions v join hour_requirements r on r.id = v.requirement_id
	where r.code like 'online%' and v.valid_from <= current_date
		and (v.valid_to is null or v.valid_to >= current_date);

-- A live session may count as concentrated training (a live class of a
-- training programme rather than self-study).
alter table live_sessions add column concentrated boolean not null default false;
