-- Per person, year and source: the valid 学时 (credit_ledger_valid summed),
-- kept by triggers, so the unit view of who is below their requirement reads
-- one small row per person and source instead of every entry of a prefecture
-- (ARCHITECTURE.md: a per-user summary row brings a whole-tree report to
-- ~100 ms). A person's own archive reads the entries themselves; the
-- integration test holds both to a naive recount.
create table credit_year_sums (
	user_id int not null references users (id) on delete cascade,
	year int not null,
	-- the ledger source, with 'live_concentrated' for a live session marked concentrated
	source_key text not null,
	hours numeric(10, 2) not null default 0,
	primary key (user_id, year, source_key)
);
create index credit_year_sums_year on credit_year_sums (year, user_id) include (source_key, hours);

create function ledger_source_key(source text, source_id text) returns text
language sql stable parallel safe as $$
	select case when source = 'live' and exists (
		select 1 from live_sessions s where s.id::text = source_id and s.concentrated)
		then 'live_concentrated' else source end
$$;

create function credit_sums_add(uid int, yr int, skey text, h numeric) returns void
language sql as $$
	insert into credit_year_sums (user_id, year, source_key, hours) values (uid, yr, skey, h)
	on conflict (user_id, year, source_key) do update set hours = credit_year_sums.hours + excluded.hours
$$;

-- Subtracts only (never inserts): on a cascade from a deleted user the row is gone already.
create function credit_sums_sub(uid int, yr int, skey text, h numeric) returns void
language sql as $$
	update credit_year_sums set hours = hours - h where user_id = uid and year = yr and source_key = skey
$$;

-- BEFORE DELETE: the entry's void row (deleted by the cascade) is still visible.
create function credit_ledger_sums() returns trigger
language plpgsql as $$
begin
	if tg_op in ('UPDATE', 'DELETE')
		and not exists (select 1 from credit_ledger_voids v where v.entry_id = old.id) then
		perform credit_sums_sub(old.user_id, old.year, ledger_source_key(old.source, old.source_id), old.hours);
	end if;
	if tg_op in ('INSERT', 'UPDATE')
		and not exists (select 1 from credit_ledger_voids v where v.entry_id = new.id) then
		perform credit_sums_add(new.user_id, new.year, ledger_source_key(new.source, new.source_id), new.hours);
	end if;
	return case when tg_op = 'DELETE' then old else new end;
end $$;
create trigger credit_ledger_sums_del before delete on credit_ledger
	for each row execute function credit_ledger_sums();
create trigger credit_ledger_sums_ins after insert or update of user_id, year, source, source_id, hours
	on credit_ledger for each row execute function credit_ledger_sums();

-- A void takes the entry out; removing a void (not done by the app) puts it back.
create function credit_void_sums() returns trigger
language plpgsql as $$
declare e credit_ledger;
begin
	select * into e from credit_ledger where id = coalesce(new.entry_id, old.entry_id);
	if found then
		if tg_op = 'INSERT' then
			perform credit_sums_sub(e.user_id, e.year, ledger_source_key(e.source, e.source_id), e.hours);
		else
			perform credit_sums_add(e.user_id, e.year, ledger_source_key(e.source, e.source_id), e.hours);
		end if;
	end if;
	return null;
end $$;
create trigger credit_void_sums after insert or delete on credit_ledger_voids
	for each row execute function credit_void_sums();

-- Marking a live session concentrated (or not) moves its entries' hours.
create function live_concentrated_sums() returns trigger
language plpgsql as $$
declare e record;
begin
	for e in select l.user_id, l.year, l.hours from credit_ledger_valid l
		where l.source = 'live' and l.source_id = new.id::text loop
		perform credit_sums_sub(e.user_id, e.year, case when old.concentrated then 'live_concentrated' else 'live' end, e.hours);
		perform credit_sums_add(e.user_id, e.year, case when new.concentrated then 'live_concentrated' else 'live' end, e.hours);
	end loop;
	return null;
end $$;
create trigger live_concentrated_sums after update of concentrated on live_sessions
	for each row when (old.concentrated is distinct from new.concentrated)
	execute function live_concentrated_sums();

-- What is already in the ledger.
insert into credit_year_sums (user_id, year, source_key, hours)
select user_id, year, ledger_source_key(source, source_id), sum(hours)
from credit_ledger_valid group by 1, 2, 3;

