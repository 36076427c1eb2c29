-- Completion reports (issue 5): per (programme, unit) counters of the
-- assignments whose person sits directly in that unit, kept by triggers on
-- programme_assignments so the programme code need not know. Rollups sum
-- these over org_closure; nothing rescans assignments or progress per view.
create table programme_unit_counts (
	programme_id int not null references programmes (id) on delete cascade,
	unit_id int not null references org_units (id) on delete cascade,
	assigned int not null default 0,
	not_started int not null default 0,
	in_progress int not null default 0,
	completed int not null default 0,
	primary key (programme_id, unit_id)
);

-- Inserts (publishing to thousands at once) are counted per statement.
create function programme_counts_ins() returns trigger language plpgsql as $$
begin
	insert into programme_unit_counts as c (programme_id, unit_id, assigned, not_started, in_progress, completed)
	select programme_id, unit_id, count(*),
		count(*) filter (where status = 'not_started'),
		count(*) filter (where status = 'in_progress'),
		count(*) filter (where status = 'completed')
	from new_rows where removed_at is null
	group by programme_id, unit_id
	on conflict (programme_id, unit_id) do update set
		assigned = c.assigned + excluded.assigned,
		not_started = c.not_started + excluded.not_started,
		in_progress = c.in_progress + excluded.in_progress,
		completed = c.completed + excluded.completed;
	return null;
end $$;
create trigger programme_counts_ins after insert on programme_assignments
	referencing new table as new_rows for each statement execute function programme_counts_ins();

-- Deletes only decrement existing rows: when a programme itself is deleted its
-- counters are already gone (cascade) and must not be re-created.
create function programme_counts_del() returns trigger language plpgsql as $$
begin
	update programme_unit_counts c set
		assigned = c.assigned - d.n,
		not_started = c.not_started - d.ns,
		in_progress = c.in_progress - d.ip,
		completed = c.completed - d.co
	from (
		select programme_id, unit_id, count(*) as n,
			count(*) filter (where status = 'not_started') as ns,
			count(*) filter (where status = 'in_progress') as ip,
			count(*) filter (where status = 'completed') as co
		from old_rows where removed_at is null
		group by programme_id, unit_id
	) d
	where c.programme_id = d.programme_id and c.unit_id = d.unit_id;
	return null;
end $$;
create trigger programme_counts_del after delete on programme_assignments
	referencing old table as old_rows for each statement execute function programme_counts_del();

-- Updates: row level with a WHEN clause, so the frequent updates that touch
-- only progress columns (last_activity_at, required_done, …) cost no
-- function call; only a change of status, unit or removal moves counts.
create function programme_counts_upd() returns trigger language plpgsql as $$
begin
	if old.removed_at is null then
		insert into programme_unit_counts as c (programme_id, unit_id, assigned, not_started, in_progress, completed)
		values (old.programme_id, old.unit_id, -1,
			-(old.status = 'not_started')::int, -(old.status = 'in_progress')::int, -(old.status = 'completed')::int)
		on conflict (programme_id, unit_id) do update set
			assigned = c.assigned + excluded.assigned,
			not_started = c.not_started + excluded.not_started,
			in_progress = c.in_progress + excluded.in_progress,
			completed = c.completed + excluded.completed;
	end if;
	if new.removed_at is null then
		insert into programme_unit_counts as c (programme_id, unit_id, assigned, not_started, in_progress, completed)
		values (new.programme_id, new.unit_id, 1,
			(new.status = 'not_started')::int, (new.status = 'in_progress')::int, (new.status = 'completed')::int)
		on conflict (programme_id, unit_id) do update set
			assigned = c.assigned + excluded.assigned,
			not_started = c.not_started + excluded.not_started,
			in_progress = c.in_progress + excluded.in_progress,
			completed = c.completed + excluded.completed;
	end if;
	return null;
end $$;
create trigger programme_counts_upd after update on programme_assignments
	for each row
	when (old.status is distinct from new.status or old.unit_id is distinct from new.unit_id
		or (old.removed_at is null) <> (new.removed_at is null) or old.programme_id <> new.programme_id)
	execute function programme_counts_upd();

-- Rolled-up counts per (programme, unit, day) in Asia/Shanghai, written by a
-- daily job (and backfilled from assignment timestamps): the bulletin for a
-- past date and the completion chart read these.
create table programme_snapshots (
	programme_id int not null references programmes (id) on delete cascade,
	day date not null,
	unit_id int not null references org_units (id) on delete cascade,
	assigned int not null,
	not_started int not null,
	in_progress int not null,
	completed int not null,
	primary key (programme_id, day, unit_id)
);
create index programme_snapshots_unit on programme_snapshots (programme_id, unit_id, day);

-- Large exports run as jobs; the file sits in the data dir until it expires
-- and only the requester may download it.
create table report_exports (
	id uuid primary key default gen_random_uuid(),
	user_id int not null references users (id) on delete cascade,
	kind text not null check (kind in ('tree', 'people', 'bulletin')),
	params jsonb not null,
	filename text not null,
	status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
	rows_done int not null default 0,
	rows_total int not null default 0,
	error text,
	created_at timestamptz not null default now(),
	finished_at timestamptz,
	expires_at timestamptz not null default now() + interval '1 day'
);
create index report_exports_user on report_exports (user_id, created_at desc);
