-- Study programmes (专题学习) and their assignments (issue: programmes and
-- completion per unit). Assignments are explicit rows kept current as people
-- join, move and learn, so reports never recompute audiences.

create table programmes (
	id serial primary key,
	title text not null check (length(btrim(title)) between 1 and 200),
	description text not null default '' check (length(description) <= 5000),
	status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
	-- a leader's programme stays inside their subtree; null for an administrator's
	owner_unit_id int references org_units (id) on delete restrict,
	created_by int references users (id) on delete set null,
	starts_at timestamptz not null,
	deadline timestamptz not null,
	-- electives: at least N courses and/or at least H credit hours (null = no such rule)
	min_electives int check (min_electives >= 0),
	min_elective_hours numeric(6, 2) check (min_elective_hours >= 0),
	-- audience limited to these rank levels (null = all)
	rank_levels text[] check (rank_levels <@ array['county', 'township', 'general', 'employee']),
	-- anti-idling settings applied to its courses while it runs
	presence_check boolean not null default false,
	max_credited_rate numeric(3, 2) check (max_credited_rate >= 0.5 and max_credited_rate <= 3),
	published_at timestamptz,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check (starts_at < deadline)
);

create table programme_courses (
	programme_id int not null references programmes (id) on delete cascade,
	course_id int not null references courses (id) on delete restrict,
	required boolean not null,
	position int not null default 0,
	primary key (programme_id, course_id)
);
create index programme_courses_course on programme_courses (course_id);

-- audience: org subtrees and named people
create table programme_units (
	programme_id int not null references programmes (id) on delete cascade,
	unit_id int not null references org_units (id) on delete restrict,
	primary key (programme_id, unit_id)
);
create table programme_people (
	programme_id int not null references programmes (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	primary key (programme_id, user_id)
);

-- One row per person assigned. unit_id follows the person's current unit
-- (a move moves their contribution); removed_at marks people who left the
-- audience (their history stays, reports leave them out).
create table programme_assignments (
	programme_id int not null references programmes (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	unit_id int not null references org_units (id),
	assigned_at timestamptz not null default now(),
	removed_at timestamptz,
	status text not null default 'not_started' check (status in ('not_started', 'in_progress', 'completed')),
	required_total int not null default 0,
	required_done int not null default 0,
	electives_done int not null default 0,
	elective_hours numeric(6, 2) not null default 0,
	started_at timestamptz,
	completed_at timestamptz,
	last_activity_at timestamptz,
	primary key (programme_id, user_id)
);
create index programme_assignments_unit on programme_assignments (programme_id, unit_id, status) where removed_at is null;
create index programme_assignments_user on programme_assignments (user_id) where removed_at is null;
