-- Credit rules, versioned (issue 12). A version is the whole rule set in force
-- from a moment (the start of a day in the organisation's time zone) until the
-- next version begins; periods cannot overlap because each version ends where
-- the next starts. Every ledger entry records the version it was earned under,
-- so changing the rules never changes what was already earned.
create table credit_rule_versions (
	id serial primary key,
	valid_from timestamptz not null unique,
	note text not null default '' check (length(note) <= 500),
	-- the name of who set it, as it was then (no key to users: `seed --reset`
	-- empties people but keeps the rules, see seed/reset.ts)
	created_by text,
	created_at timestamptz not null default now()
);

-- Version 1: the rules as they stood (0008, 0045), in force since long before
-- any entry, so every existing entry was earned under it.
insert into credit_rule_versions (valid_from, note) values ('2000-01-01T00:00:00+08:00', '初始规则');

alter table credit_rules add column version_id int references credit_rule_versions (id) on delete cascade;
update credit_rules set version_id = (select min(id) from credit_rule_versions);
alter table credit_rules alter column version_id set not null;
create index credit_rules_version on credit_rules (version_id, kind);

-- Two more kinds for the training archive: a day of an offline class, and a
-- session taught by a staff lecturer.
alter table credit_rules drop constraint credit_rules_kind_check;
alter table credit_rules add constraint credit_rules_kind_check check (kind in (
	'course_duration', 'course_test_pass', 'live_attendance', 'offline_class_day', 'teaching_session'));
insert into credit_rules (version_id, kind, hours)
select min(id), 'offline_class_day', 6.0 from credit_rule_versions
union all
select min(id), 'teaching_session', 2.0 from credit_rule_versions;

alter table credit_ledger add column rule_version_id int references credit_rule_versions (id);
update credit_ledger set rule_version_id = (select min(id) from credit_rule_versions);
alter table credit_ledger alter column rule_version_id set not null;

-- The version in force at a moment (null before the first).
create function credit_version_at(at timestamptz) returns int
language sql stable parallel safe as $$
	select id from credit_rule_versions where valid_from <= at order by valid_from desc limit 1
$$;
