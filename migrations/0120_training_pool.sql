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

create function credit_ledger_totals() returns trigger
language plpgsql as $$
begin
	-- a voided entry no longer counts: changing or deleting it changes no total
	if tg_op in ('UPDATE', 'DELETE')
		and not exists (select 1 from credit_ledger_voids v where v.entry_id = old.id) then
		update credit_year_totals set hours = hours - old.hours where year = old.year and user_id = old.user_id;
	end if;
	if tg_op in ('INSERT', 'UPDATE')
		and not exists (select 1 from credit_ledger_voids v where v.entry_id = new.id) then
		perform credit_year_totals_add(new.user_id, new.year, new.hours);
	end if;
	return null;
end $$;
create trigger credit_ledger_totals after insert or update of user_id, year, hours or delete on credit_ledger
	for each row execute function credit_ledger_totals();

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
