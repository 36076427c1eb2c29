-- Watch progress: playbacks, idempotent heartbeats, per-lesson coverage
-- bitmaps, completion, credit rules and the credit-hour (学时) ledger.
-- The server is the judge: see src/lib/server/progress/credit.ts.

create table playbacks (
	id uuid primary key default gen_random_uuid(),
	user_id int not null references users (id) on delete cascade,
	lesson_id int not null references lessons (id) on delete cascade,
	device_id text not null check (length(device_id) between 1 and 100),
	-- server time; the wall-clock bound on credit counts from here
	started_at timestamptz not null,
	-- set when a newer playback of the same person started; credit then stops
	-- growing past this moment (see credit.ts for the same-device replay rule)
	superseded_at timestamptz,
	superseded_by_same_device boolean not null default false,
	last_seq int not null default 0,
	-- whole seconds credited to this playback (never above the wall-clock bound)
	credited_seconds int not null default 0 check (credited_seconds >= 0),
	last_heartbeat_at timestamptz,
	-- presence check (courses.presence_check): the open check and when it is due
	presence_check_id uuid,
	presence_due_at timestamptz
);
-- One active (crediting) playback per person; POST /api/playbacks supersedes the others.
create unique index playbacks_one_active on playbacks (user_id) where superseded_at is null;
create index playbacks_user_lesson on playbacks (user_id, lesson_id);

-- One row per accepted heartbeat; (playback_id, seq) is the idempotency key.
-- Kept small on purpose (45,000 learners at one per 10 s is 16M rows an hour).
create table heartbeats (
	playback_id uuid not null references playbacks (id) on delete cascade,
	seq int not null check (seq > 0),
	received_at timestamptz not null,
	credited smallint not null check (credited >= 0),
	primary key (playback_id, seq)
);

-- Coverage per person and lesson: bit i = second [i, i+1) of the lesson was
-- watched. Writers OR their bits in, so concurrent writers cannot lose any.
create table lesson_progress (
	user_id int not null references users (id) on delete cascade,
	lesson_id int not null references lessons (id) on delete cascade,
	watched varbit not null,
	-- bit_count(watched), kept for cheap summaries
	seconds_watched int not null default 0,
	-- resume point (media seconds)
	position numeric(10, 3) not null default 0,
	updated_at timestamptz not null,
	completed_at timestamptz,
	primary key (user_id, lesson_id)
);
create index lesson_progress_recent on lesson_progress (user_id, updated_at desc);

-- Credit rules, as data (an admin UI may edit them later).
-- kind 'course_duration': a completed course earns `hours` when its total
--   duration (whole seconds) is in [min_seconds, max_seconds) (null = unbounded).
-- kind 'course_test_pass': hours for passing a course test (quiz issue).
create table credit_rules (
	id serial primary key,
	kind text not null check (kind in ('course_duration', 'course_test_pass')),
	min_seconds int,
	max_seconds int,
	hours numeric(6, 2) not null check (hours >= 0),
	check (min_seconds is null or max_seconds is null or min_seconds < max_seconds)
);
-- The issue's default: ≥ 30 min → 1.0; 15–30 min → 0.5; ≤ 15 min → 0.25.
insert into credit_rules (kind, min_seconds, max_seconds, hours) values
	('course_duration', 1800, null, 1.0),
	('course_duration', 901, 1800, 0.5),
	('course_duration', 0, 901, 0.25),
	('course_test_pass', null, null, 0.5);

create table course_completions (
	user_id int not null references users (id) on delete cascade,
	course_id int not null references courses (id) on delete cascade,
	completed_at timestamptz not null,
	primary key (user_id, course_id)
);

-- Credit hours earned. unique (user, source, source_id): a course credits once.
create table credit_ledger (
	id bigserial primary key,
	user_id int not null references users (id) on delete cascade,
	-- calendar year in Asia/Shanghai of earned_at (what "this year" means to learners)
	year int not null,
	source text not null check (source in ('course', 'live', 'offline', 'exam')),
	source_id text not null,
	hours numeric(6, 2) not null check (hours >= 0),
	earned_at timestamptz not null,
	unique (user_id, source, source_id)
);
create index credit_ledger_user_year on credit_ledger (user_id, year);

-- OR two coverage bitmaps; if the lesson's duration changed (media replaced),
-- the old bitmap is cut or padded to the new length first.
create function progress_merge(old varbit, new varbit) returns varbit
language sql immutable parallel safe as $$
	select case when length(old) = length(new) then old | new
		else substring(old || new from 1 for length(new)) | new end
$$;
