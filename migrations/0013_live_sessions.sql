-- Live study sessions (issue: live sessions for thousands). Interaction
-- (chat, Q&A, polls, check-ins) and attendance tables come in their own
-- migrations.
create table live_sessions (
	id serial primary key,
	title text not null check (length(btrim(title)) between 1 and 200),
	description text not null default '' check (length(description) <= 5000),
	lecturer_id int not null references users (id),
	created_by int references users (id) on delete set null,
	starts_at timestamptz not null,
	expected_minutes int not null check (expected_minutes between 5 and 600),
	-- audience: a programme's assignees, or org subtrees (live_session_units), or both
	programme_id int references programmes (id) on delete set null,
	course_id int references courses (id) on delete set null,
	status text not null default 'scheduled' check (status in ('scheduled', 'live', 'ended', 'cancelled')),
	started_at timestamptz,
	ended_at timestamptz,
	-- RTMP ingest secret (OBS); regenerated on demand
	stream_key text not null unique,
	-- the recording as a recorded lesson (回放) once it is processed
	replay_lesson_id int references lessons (id) on delete set null,
	credit_hours numeric(6, 2) not null default 1 check (credit_hours >= 0),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
create index live_sessions_starts on live_sessions (starts_at);
create index live_sessions_status on live_sessions (status) where status in ('scheduled', 'live');

create table live_session_units (
	session_id int not null references live_sessions (id) on delete cascade,
	unit_id int not null references org_units (id) on delete restrict,
	primary key (session_id, unit_id)
);
