-- The parts a training class (班次, issue 12) is built from, shared by the
-- class menu, the lecturer pool (师资库), dispatch (调训) and the year-end
-- statistics: lecturers, field teaching bases and points, teaching routes,
-- and the person attribute dispatch ranks by.

-- A lecturer of the pool: a staff member (a login user, who earns 学时 for
-- teaching) or an external lecturer (no account). Sessions taught are not
-- stored here: they are gathered from courses, live sessions and class
-- sessions that name the lecturer.
create table lecturers (
	id serial primary key,
	-- the staff member's account; null for an external lecturer
	user_id int unique references users (id) on delete set null,
	external boolean not null default false,
	name text not null check (length(btrim(name)) between 1 and 50),
	-- the level of the pool they were vetted into
	level text not null check (level in ('region', 'prefecture', 'county')),
	organisation text not null default '' check (length(organisation) <= 100),
	title text not null default '' check (length(title) <= 100),
	topics text[] not null default '{}' check (cardinality(topics) <= 20),
	bio text not null default '' check (length(bio) <= 2000),
	-- a photo under the media dir (relative path), if any
	photo_path text,
	active boolean not null default true,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check (external or user_id is not null or not active)
);
create index lecturers_topics on lecturers using gin (topics);
create index lecturers_name on lecturers (name);

-- Field teaching bases (现场教学基地) and points (现场教学点).
create table teaching_sites (
	id serial primary key,
	kind text not null check (kind in ('base', 'point')),
	name text not null unique check (length(btrim(name)) between 1 and 100),
	level text not null check (level in ('region', 'prefecture')),
	address text not null default '' check (length(address) <= 200),
	theme text not null default '' check (length(theme) <= 200),
	capacity int check (capacity between 1 and 100000),
	contact text not null default '' check (length(contact) <= 100),
	active boolean not null default true,
	created_at timestamptz not null default now()
);

-- A teaching route (精品教学路线): a named, ordered sequence of points.
create table teaching_routes (
	id serial primary key,
	name text not null unique check (length(btrim(name)) between 1 and 100),
	theme text not null default '' check (length(theme) <= 200),
	active boolean not null default true,
	created_at timestamptz not null default now()
);
create table teaching_route_stops (
	route_id int not null references teaching_routes (id) on delete cascade,
	position int not null check (position between 1 and 50),
	site_id int not null references teaching_sites (id),
	primary key (route_id, position),
	unique (route_id, site_id)
);

-- Dispatch (调训) puts people in specialised or hard-to-release posts
-- (岗位专业性强、难调岗位) first: an attribute of the person, editable and
-- importable with the roster.
alter table users add column specialised_post boolean not null default false;
