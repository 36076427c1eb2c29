-- 催学: a leader's reminder to the people behind in a programme. One row per
-- person, programme and day (Asia/Shanghai): the unique key is the
-- once-a-day rule, so two leaders (or two clicks) cannot remind twice.
create table programme_nudges (
	id bigserial primary key,
	programme_id int not null references programmes (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	sent_by int references users (id) on delete set null,
	day date not null,
	sent_at timestamptz not null default now(),
	-- SMS: null when not attempted (no phone, no gateway), else sent/failed
	sms_status text check (sms_status in ('sent', 'failed')),
	unique (programme_id, user_id, day)
);
create index programme_nudges_latest on programme_nudges (programme_id, user_id, sent_at desc);
