-- Offline training classes (班次, issue 12): categories as data, the class,
-- its course menu (一班一策), quotas per unit, enrolment with a waiting list,
-- attendance, trainee evaluations and certificates (结业证书).
--
-- Capacity and quotas are enforced here, not only in the app: counters kept
-- by a trigger carry check constraints, so no interleaving of requests can
-- enrol more people than the class holds or a unit more than its quota.

-- The document's categories: eight fields (八大领域, a class with one is
-- "specialised", 专业化) and two groups (经济发展类、依法治理类). A class
-- may have both a group and a field (486 classes, ≥ 60% in the two groups,
-- 338 specialised: the sets overlap).
create table class_categories (
	code text primary key check (code ~ '^[a-z_]{2,40}$'),
	kind text not null check (kind in ('field', 'group')),
	name_zh text not null check (length(btrim(name_zh)) between 1 and 50),
	name_en text not null check (length(btrim(name_en)) between 1 and 80),
	position int not null default 0,
	unique (code, kind)
);
insert into class_categories (code, kind, name_zh, name_en, position) values
	('politics_law', 'field', '政法', 'Politics and law', 1),
	('economy', 'field', '经济', 'Economy', 2),
	('ethnic_religion', 'field', '民族宗教', 'Ethnic and religious affairs', 3),
	('ideology', 'field', '意识形态', 'Ideology', 4),
	('discipline', 'field', '纪检监察', 'Discipline inspection', 5),
	('education_tech', 'field', '教育科技', 'Education and technology', 6),
	('health', 'field', '医疗卫生', 'Health', 7),
	('rural', 'field', '乡村振兴', 'Rural revitalisation', 8),
	('econ_dev', 'group', '经济发展类', 'Economic development', 1),
	('law_gov', 'group', '依法治理类', 'Law-based governance', 2);

create table classes (
	id serial primary key,
	title text not null check (length(btrim(title)) between 1 and 200),
	-- the constant kind columns let plain foreign keys say "a group" / "a field"
	group_code text,
	group_kind text not null default 'group' check (group_kind = 'group'),
	field_code text,
	field_kind text not null default 'field' check (field_kind = 'field'),
	organiser_unit_id int not null references org_units (id),
	starts_on date not null,
	ends_on date not null,
	days int generated always as (ends_on - starts_on + 1) stored,
	-- a field teaching base or point, or free text (or both: a room at a base)
	site_id int references teaching_sites (id),
	location_text text not null default '' check (length(location_text) <= 200),
	capacity int not null check (capacity between 1 and 10000),
	-- people with status 'enrolled', kept by class_enrolments_count()
	enrolled_count int not null default 0,
	status text not null default 'planning'
		check (status in ('planning', 'enrolling', 'running', 'finished')),
	-- share of the sessions a trainee must attend to complete the class
	completion_share numeric(3, 2) not null default 0.80 check (completion_share > 0 and completion_share <= 1),
	finished_at timestamptz,
	created_by int references users (id) on delete set null,
	created_at timestamptz not null default now(),
	foreign key (group_code, group_kind) references class_categories (code, kind),
	foreign key (field_code, field_kind) references class_categories (code, kind),
	check (ends_on >= starts_on and ends_on - starts_on < 366),
	check (site_id is not null or length(btrim(location_text)) > 0),
	check (enrolled_count between 0 and capacity)
);
create index classes_organiser on classes (organiser_unit_id);
create index classes_starts on classes (starts_on);

-- A unit's share of the places (nominations by that unit's leaders).
create table class_quotas (
	class_id int not null references classes (id) on delete cascade,
	unit_id int not null references org_units (id) on delete cascade,
	quota int not null check (quota between 1 and 10000),
	-- enrolled or waiting people nominated under this quota, kept by the trigger
	used int not null default 0,
	primary key (class_id, unit_id),
	check (used between 0 and quota)
);

-- The course menu. A lecturer, a base/point, a route or a free-text room
-- cannot be in two overlapping sessions (of any class): exclusion constraints
-- over ranges (a one-value int range stands for "the same id", which needs
-- no btree_gist extension; free text is compared by a hash of its trimmed,
-- lower-cased form).
create table class_sessions (
	id serial primary key,
	class_id int not null references classes (id) on delete cascade,
	starts_at timestamptz not null,
	ends_at timestamptz not null,
	topic text not null check (length(btrim(topic)) between 1 and 200),
	kind text not null check (kind in ('lecture', 'case_study', 'field_teaching', 'structured_discussion')),
	lecturer_id int references lecturers (id),
	site_id int references teaching_sites (id),
	route_id int references teaching_routes (id),
	place_text text not null default '' check (length(place_text) <= 200),
	created_at timestamptz not null default now(),
	unique (id, class_id),
	check (ends_at > starts_at and ends_at - starts_at <= interval '24 hours'),
	check (num_nonnulls(site_id, route_id, nullif(btrim(place_text), '')) = 1),
	constraint class_sessions_lecturer_overlap exclude using gist (
		int4range(lecturer_id, lecturer_id, '[]') with &&, tstzrange(starts_at, ends_at) with &&)
		where (lecturer_id is not null),
	constraint class_sessions_site_overlap exclude using gist (
		int4range(site_id, site_id, '[]') with &&, tstzrange(starts_at, ends_at) with &&)
		where (site_id is not null),
	constraint class_sessions_route_overlap exclude using gist (
		int4range(route_id, route_id, '[]') with &&, tstzrange(starts_at, ends_at) with &&)
		where (route_id is not null),
	constraint class_sessions_place_overlap exclude using gist (
		int4range(hashtext(lower(btrim(place_text))), hashtext(lower(btrim(place_text))), '[]') with &&,
		tstzrange(starts_at, ends_at) with &&)
		where (btrim(place_text) <> '')
);
create index class_sessions_class on class_sessions (class_id, starts_at);
create index class_sessions_lecturer on class_sessions (lecturer_id) where lecturer_id is not null;

create table class_enrolments (
	id serial primary key,
	class_id int not null references classes (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	status text not null check (status in ('enrolled', 'waitlisted', 'withdrawn')),
	-- nomination by a unit leader (under a quota) or selection by the organiser
	via text not null check (via in ('nomination', 'selection')),
	quota_unit_id int,
	nominated_by int references users (id) on delete set null,
	-- the waiting list is served in this order
	queued_at timestamptz not null default clock_timestamp(),
	enrolled_at timestamptz,
	withdrawn_at timestamptz,
	completed_at timestamptz,
	created_at timestamptz not null default now(),
	unique (class_id, user_id),
	foreign key (class_id, quota_unit_id) references class_quotas (class_id, unit_id),
	check (via = 'selection' or quota_unit_id is not null)
);
create index class_enrolments_user on class_enrolments (user_id);
create index class_enrolments_queue on class_enrolments (class_id, queued_at) where status = 'waitlisted';

-- Keeps classes.enrolled_count and class_quotas.used; their checks refuse
-- the row that would pass the capacity or the quota.
create function class_enrolments_count() returns trigger
language plpgsql as $$
declare
	old_enrolled int := 0; new_enrolled int := 0;
	old_quota int := 0; new_quota int := 0;
begin
	if tg_op in ('UPDATE', 'DELETE') then
		old_enrolled := (old.status = 'enrolled')::int;
		old_quota := (old.status in ('enrolled', 'waitlisted') and old.quota_unit_id is not null)::int;
	end if;
	if tg_op in ('INSERT', 'UPDATE') then
		new_enrolled := (new.status = 'enrolled')::int;
		new_quota := (new.status in ('enrolled', 'waitlisted') and new.quota_unit_id is not null)::int;
	end if;
	if tg_op = 'UPDATE' and old.class_id <> new.class_id then
		raise exception 'an enrolment cannot move to another class';
	end if;
	if old_enrolled <> new_enrolled then
		update classes set enrolled_count = enrolled_count + new_enrolled - old_enrolled
		where id = coalesce(new.class_id, old.class_id);
	end if;
	if tg_op in ('UPDATE', 'DELETE') and old_quota = 1 then
		update class_quotas set used = used - 1 where class_id = old.class_id and unit_id = old.quota_unit_id;
	end if;
	if tg_op in ('INSERT', 'UPDATE') and new_quota = 1 then
		update class_quotas set used = used + 1 where class_id = new.class_id and unit_id = new.quota_unit_id;
	end if;
	return null;
end $$;
create trigger class_enrolments_count after insert or update or delete on class_enrolments
	for each row execute function class_enrolments_count();

-- One record per trainee and session, whichever way it was taken.
create table class_attendance (
	session_id int not null,
	class_id int not null,
	user_id int not null,
	status text not null check (status in ('present', 'late', 'excused', 'absent')),
	method text not null check (method in ('screen_qr', 'typed_code', 'personal_code', 'manual')),
	marked_by int references users (id) on delete set null,
	marked_at timestamptz not null default now(),
	primary key (session_id, user_id),
	foreign key (session_id, class_id) references class_sessions (id, class_id) on delete cascade,
	-- only someone with an enrolment of this class (the app also requires status 'enrolled')
	foreign key (class_id, user_id) references class_enrolments (class_id, user_id) on delete cascade
);
create index class_attendance_class_user on class_attendance (class_id, user_id);

-- Each rotating code is good once per person: a second use is a replay.
create table class_checkin_uses (
	session_id int not null references class_sessions (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	-- the code's time step (seconds since the epoch / step length), and which code
	step bigint not null,
	code_kind text not null check (code_kind in ('qr', 'typed')),
	used_at timestamptz not null default now(),
	primary key (session_id, user_id, code_kind, step)
);

-- A trainee's rating of a session and its lecturer, once, after attending.
create table class_evaluations (
	session_id int not null,
	user_id int not null,
	class_id int not null references classes (id) on delete cascade,
	lecturer_id int references lecturers (id) on delete set null,
	session_score smallint not null check (session_score between 1 and 5),
	lecturer_score smallint check (lecturer_score between 1 and 5),
	comment text not null default '' check (length(comment) <= 500),
	created_at timestamptz not null default now(),
	primary key (session_id, user_id),
	foreign key (session_id, user_id) references class_attendance (session_id, user_id) on delete cascade,
	check ((lecturer_id is null) = (lecturer_score is null))
);
create index class_evaluations_lecturer on class_evaluations (lecturer_id) where lecturer_id is not null;

-- 结业证书: what it certifies is copied at issue, and the signature (HMAC
-- over exactly these fields) travels in the verification URL.
create table class_certificates (
	id serial primary key,
	serial text not null unique check (serial ~ '^[A-Z0-9-]{6,40}$'),
	class_id int not null references classes (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	holder_name text not null,
	employee_no text not null,
	class_title text not null,
	starts_on date not null,
	ends_on date not null,
	hours numeric(6, 2) not null,
	issued_at timestamptz not null default now(),
	signature text not null,
	unique (class_id, user_id)
);
