-- Foundation: org tree (closure table), people, roles and scopes, sessions,
-- login throttling.

create table org_units (
	id serial primary key,
	parent_id int references org_units (id),
	name text not null check (length(btrim(name)) between 1 and 100),
	kind text not null check (kind in ('prefecture', 'county', 'park', 'department', 'soe', 'township', 'village', 'other')),
	sort_order int not null default 0,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check (parent_id is distinct from id)
);
-- Sibling names are unique (a unit path like 昌吉州/呼图壁县/五工台镇 names one unit).
create unique index org_units_sibling_name on org_units (coalesce(parent_id, 0), name);
create index org_units_parent on org_units (parent_id);

-- Every (ancestor, descendant) pair, including each unit with itself at depth 0.
create table org_closure (
	ancestor_id int not null references org_units (id) on delete cascade,
	descendant_id int not null references org_units (id) on delete cascade,
	depth int not null check (depth >= 0),
	primary key (ancestor_id, descendant_id)
);
create index org_closure_descendant on org_closure (descendant_id, depth);

create table users (
	id serial primary key,
	employee_no text not null unique check (employee_no ~ '^[A-Za-z0-9_.-]{2,32}$'),
	name text not null check (length(btrim(name)) between 1 and 50),
	unit_id int not null references org_units (id),
	rank_level text not null check (rank_level in ('county', 'township', 'general', 'employee')),
	position text not null default '' check (length(position) <= 100),
	phone text not null default '' check (length(phone) <= 30),
	active boolean not null default true,
	-- Argon2id PHC string; null means the account cannot log in with a password.
	password_hash text,
	-- Imported or reset accounts must choose their own password at next login.
	must_change_password boolean not null default true,
	roles text[] not null default '{learner}' check (roles <@ array['learner', 'lecturer', 'leader', 'admin']),
	locale text check (locale in ('zh-CN', 'en')),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
create index users_unit on users (unit_id);
create index users_name on users (name);

-- A unit leader's scope: one or more org subtrees.
create table leader_scopes (
	user_id int not null references users (id) on delete cascade,
	unit_id int not null references org_units (id) on delete cascade,
	primary key (user_id, unit_id)
);

-- Sessions, the Lucia recipe: the token is <id>.<secret>; only SHA-256(secret) is kept.
create table sessions (
	id text primary key,
	user_id int not null references users (id) on delete cascade,
	secret_hash bytea not null,
	created_at timestamptz not null default now(),
	last_verified_at timestamptz not null default now()
);
create index sessions_user on sessions (user_id);

-- Failed login attempts, per account key and per IP key, for throttling.
create table login_failures (
	key text not null,
	failed_at timestamptz not null default now()
);
create index login_failures_key on login_failures (key, failed_at);
