-- The lecturer pool, field teaching resources and dispatch (调训, issue 12):
-- indexes for the dispatch list, which ranks every person of a subtree by
-- this year's 学时 and their last concentrated training in one grouped scan
-- (users of the subtree through org_closure, then each source grouped by
-- user), and for the pool's and sites' usage counts.

-- This year's hours per person: an index-only scan by (year, user_id).
create index credit_ledger_year_user on credit_ledger (year, user_id) include (hours, id);

-- Last offline class attended: attendance by person, then the session's start.
create index class_attendance_user on class_attendance (user_id, session_id) include (status);

-- Last out-of-region training by person.
create index training_records_user_kind on training_records (user_id, kind, ends_on);

-- Dispatch filters people by unit and rank; the usage counts read sessions by place.
create index users_unit_rank on users (unit_id, rank_level) where active;
create index class_sessions_site on class_sessions (site_id, starts_at) where site_id is not null;
create index class_sessions_route on class_sessions (route_id, starts_at) where route_id is not null;
create index teaching_route_stops_site on teaching_route_stops (site_id);

-- Each person's valid 学时 per year (what credit_ledger_valid sums to),
-- kept by triggers on the ledger and its voids, so a subtree's list reads
-- one row per person instead of summing every entry. A test recounts it
-- from credit_ledger_valid.
create table credit_year_totals (
	user_id int not null references users (id) on delete cascade,
	year int not null,
	hours numeric(10, 2) not null default 0,
	primary key (year, user_id)
);

create function credit_year_totals_add(p_user int, p_year int, p_hours numeric) returns void
language sql as $$
	insert into credit_year_totals (user_id, year, hours) values (p_user, p_year, p_hours)
	on conflict (year, user_id) do update set hours = credit_year_totals.hours + excluded.hours
$$;

-- Statement-level, over the transition tables: a bulk insert (a seed, an
-- import of past records) costs one grouped upsert, not one per row. (Ledger
-- entries are never deleted except with their person, whose totals go too.)
create function credit_ledger_totals_ins() returns trigger
language plpgsql as $$
begin
	insert into credit_year_totals (user_id, year, hours)
	select n.user_id, n.year, sum(n.hours) from new_rows n
	where not exists (select 1 from credit_ledger_voids v where v.entry_id = n.id)
	group by n.user_id, n.year
	on conflict (year, user_id) do update set hours = credit_year_totals.hours + excluded.hours;
	return null;
end $$;
create trigger credit_ledger_totals_ins after insert on credit_ledger
	referencing new table as new_rows for each statement execute function credit_ledger_totals_ins();

create function credit_ledger_totals_upd() returns trigger
language plpgsql as $$
begin
	insert into credit_year_totals (user_id, year, hours)
	select d.user_id, d.year, sum(d.hours) from (
		select id, user_id, year, hours from new_rows
		union all
		select id, user_id, year, -hours from old_rows
	) d
	where not exists (select 1 from credit_ledger_voids v where v.entry_id = d.id)
	group by d.user_id, d.year
	having sum(d.hours) <> 0
	on conflict (year, user_id) do update set hours = credit_year_totals.hours + excluded.hours;
	return null;
end $$;
create trigger credit_ledger_totals_upd after update on credit_ledger
	referencing old table as old_rows new table as new_rows
	for each statement execute function credit_ledger_totals_upd();

create function credit_ledger_totals_del() returns trigger
language plpgsql as $$
begin
	update credit_year_totals t set hours = t.hours - d.hours
	from (
		select o.user_id, o.year, sum(o.hours) as hours from old_rows o
		where not exists (select 1 from credit_ledger_voids v where v.entry_id = o.id)
		group by o.user_id, o.year
	) d
	where t.year = d.year and t.user_id = d.user_id;
	return null;
end $$;
create trigger credit_ledger_totals_del after delete on credit_ledger
	referencing old table as old_rows for each statement execute function credit_ledger_totals_del();

create function credit_voids_totals() returns trigger
language plpgsql as $$
declare e record;
begin
	select user_id, year, hours into e from credit_ledger where id = coalesce(new.entry_id, old.entry_id);
	if found then
		if tg_op = 'INSERT' then
			update credit_year_totals set hours = hours - e.hours where year = e.year and user_id = e.user_id;
		elsif tg_op = 'DELETE' then
			perform credit_year_totals_add(e.user_id, e.year, e.hours);
		end if;
	end if;
	return null;
end $$;
create trigger credit_voids_totals after insert or delete on credit_ledger_voids
	for each row execute function credit_voids_totals();

insert into credit_year_totals (user_id, year, hours)
select user_id, year, sum(hours) from credit_ledger_valid group by user_id, year;
