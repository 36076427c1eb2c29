-- The training archive (一人一档, issue 12): what the ledger needs so that
-- every entry says who made it and why, entries are voided (never deleted;
-- the void is a record of its own), and training away from the desk
-- (异地培训, 挂职锻炼) is kept with its details beside the 学时 it earned.

-- Who entered a manual entry, the reason and an attachment (a scanned
-- certificate under the media dir); null for entries the system wrote.
alter table credit_ledger
	add column entered_by int references users (id) on delete set null,
	add column note text check (length(note) <= 500),
	add column attachment_path text,
	add column created_at timestamptz not null default now();

-- A void: the entry stays, this row says it no longer counts.
create table credit_ledger_voids (
	entry_id bigint primary key references credit_ledger (id) on delete cascade,
	voided_by int references users (id) on delete set null,
	voided_at timestamptz not null default now(),
	reason text not null check (length(btrim(reason)) between 1 and 500)
);

-- The entries that count: every figure of the archive reads this.
create view credit_ledger_valid as
	select l.* from credit_ledger l
	where not exists (select 1 from credit_ledger_voids v where v.entry_id = l.id);

-- Out-of-region training and secondments, with the ledger entry they earned.
create table training_records (
	id bigserial primary key,
	user_id int not null references users (id) on delete cascade,
	kind text not null check (kind in ('out_of_region', 'secondment')),
	title text not null check (length(btrim(title)) between 1 and 200),
	-- the host: the institution that trained them, the unit they served in
	organisation text not null default '' check (length(organisation) <= 200),
	place text not null default '' check (length(place) <= 200),
	starts_on date not null,
	ends_on date not null,
	ledger_entry_id bigint unique references credit_ledger (id) on delete set null,
	entered_by int references users (id) on delete set null,
	created_at timestamptz not null default now(),
	check (ends_on >= starts_on)
);
create index training_records_user on training_records (user_id, starts_on);
create index training_records_kind_year on training_records (kind, starts_on);
