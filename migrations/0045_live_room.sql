-- Live room interaction (chat, Q&A, polls, check-ins, raise hand, mutes),
-- server-observed presence and per-person attendance. Everything a viewer
-- sees in the room is a row here, with a server id the client dedupes by.

create table live_chat_messages (
	id bigserial primary key,
	session_id int not null references live_sessions (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	body text not null check (length(body) between 1 and 500),
	created_at timestamptz not null default now(),
	deleted_at timestamptz,
	deleted_by int references users (id) on delete set null
);
create index live_chat_recent on live_chat_messages (session_id, id desc);

create table live_questions (
	id bigserial primary key,
	session_id int not null references live_sessions (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	body text not null check (length(body) between 1 and 300),
	votes int not null default 0 check (votes >= 0),
	created_at timestamptz not null default now(),
	answered_at timestamptz
);
create index live_questions_session on live_questions (session_id, id);

create table live_question_votes (
	question_id bigint not null references live_questions (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	primary key (question_id, user_id)
);

create table live_polls (
	id bigserial primary key,
	session_id int not null references live_sessions (id) on delete cascade,
	question text not null check (length(question) between 1 and 200),
	options text[] not null check (array_length(options, 1) between 2 and 6),
	opened_by int references users (id) on delete set null,
	opened_at timestamptz not null default now(),
	closed_at timestamptz
);
create index live_polls_session on live_polls (session_id, id);
-- One open poll per session at a time.
create unique index live_polls_one_open on live_polls (session_id) where closed_at is null;

-- One answer per person and poll (an answer is final: results stay honest to watch).
create table live_poll_answers (
	poll_id bigint not null references live_polls (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	option smallint not null check (option between 0 and 5),
	answered_at timestamptz not null default now(),
	primary key (poll_id, user_id)
);

create table live_checkins (
	id bigserial primary key,
	session_id int not null references live_sessions (id) on delete cascade,
	seconds int not null check (seconds between 10 and 300),
	opened_by int references users (id) on delete set null,
	opened_at timestamptz not null default now(),
	deadline_at timestamptz not null
);
create index live_checkins_session on live_checkins (session_id, id);

create table live_checkin_answers (
	checkin_id bigint not null references live_checkins (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	answered_at timestamptz not null default now(),
	primary key (checkin_id, user_id)
);

create table live_mutes (
	session_id int not null references live_sessions (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	muted_by int references users (id) on delete set null,
	muted_at timestamptz not null default now(),
	primary key (session_id, user_id)
);

create table live_hands (
	session_id int not null references live_sessions (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	raised_at timestamptz not null default now(),
	primary key (session_id, user_id)
);

-- One row per socket that joined the room: [joined_at, left_at), bounded by
-- last_seen_at (+ a grace, see attendance.ts) when the socket stopped
-- confirming it is watching or the instance died without closing it.
create table live_presence (
	id uuid primary key,
	session_id int not null references live_sessions (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	joined_at timestamptz not null,
	last_seen_at timestamptz not null,
	left_at timestamptz,
	check (left_at is null or left_at >= joined_at)
);
create index live_presence_session_user on live_presence (session_id, user_id);
create index live_presence_open on live_presence (session_id) where left_at is null;

-- Written by finaliseAttendance when the session ends (idempotent).
create table live_attendance (
	session_id int not null references live_sessions (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	-- the person's unit when the session ended (reports roll up from here)
	unit_id int not null references org_units (id),
	seconds_present int not null check (seconds_present >= 0),
	checkins_answered int not null check (checkins_answered >= 0),
	checkins_total int not null check (checkins_total >= 0),
	credited boolean not null,
	hours numeric(6, 2) not null default 0,
	finalised_at timestamptz not null default now(),
	primary key (session_id, user_id)
);
create index live_attendance_unit on live_attendance (session_id, unit_id);

-- The live attendance credit rule, as data. For kind 'live_attendance' the
-- hours credited are the session's own live_sessions.credit_hours (hours
-- here stays 0); the row holds the thresholds.
-- The kind check is widened in place (keeping any kinds other migrations added).
do $$
declare def text;
begin
	select pg_get_constraintdef(oid) into def from pg_constraint
	where conrelid = 'credit_rules'::regclass and conname = 'credit_rules_kind_check';
	if def is not null and position('live_attendance' in def) = 0 then
		execute 'alter table credit_rules drop constraint credit_rules_kind_check';
		execute 'alter table credit_rules add constraint credit_rules_kind_check '
			|| replace(def, 'ARRAY[', 'ARRAY[''live_attendance''::text, ');
	end if;
end $$;
alter table credit_rules add column min_presence_ratio numeric(3, 2) check (min_presence_ratio between 0 and 1);
alter table credit_rules add column require_all_checkins boolean;
insert into credit_rules (kind, hours, min_presence_ratio, require_all_checkins)
values ('live_attendance', 0, 0.80, true);
