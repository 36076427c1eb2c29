-- Recorded lectures: courses, ordered lessons, uploaded media and captions.
-- The redundant non-unique index from 0002 (0004's unique one does its job).
drop index if exists users_employee_no_lower;

create table media_assets (
	id uuid primary key default gen_random_uuid(),
	-- uploaded → validated → transcoding → ready, or failed (with the reason)
	status text not null default 'uploaded' check (status in ('uploaded', 'validated', 'transcoding', 'ready', 'failed')),
	original_name text not null default '' check (length(original_name) <= 255),
	size_bytes bigint not null default 0,
	duration_seconds numeric(10, 3) check (duration_seconds > 0),
	width int,
	height int,
	has_audio boolean not null default false,
	-- the HLS ladder actually produced, e.g. [{"name":"720p","height":720,"bandwidth":…}]
	renditions jsonb not null default '[]',
	progress numeric(5, 2) not null default 0 check (progress between 0 and 100),
	error text,
	uploaded_by int references users (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

create table courses (
	id serial primary key,
	title text not null check (length(btrim(title)) between 1 and 200),
	description text not null default '' check (length(description) <= 5000),
	category text not null check (category in (
		'theory', 'politics_law', 'economy', 'ethnic_religious', 'ideology',
		'discipline', 'education_tech', 'health', 'rural'
	)),
	status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
	cover_media_id uuid references media_assets (id) on delete set null,
	cover_path text,
	-- anti-idling and completion settings (defaults as the issue says)
	completion_ratio numeric(4, 3) not null default 0.95 check (completion_ratio > 0 and completion_ratio <= 1),
	max_credited_rate numeric(3, 2) not null default 1.0 check (max_credited_rate >= 0.5 and max_credited_rate <= 3),
	presence_check boolean not null default false,
	created_by int references users (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	published_at timestamptz
);
create index courses_status on courses (status, published_at desc);

create table course_lecturers (
	course_id int not null references courses (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	primary key (course_id, user_id)
);
create index course_lecturers_user on course_lecturers (user_id);

create table lessons (
	id serial primary key,
	course_id int not null references courses (id) on delete cascade,
	position int not null check (position >= 0),
	title text not null check (length(btrim(title)) between 1 and 200),
	media_id uuid references media_assets (id) on delete set null,
	-- copied from the media when it is ready: progress accounting needs it per lesson
	duration_seconds int check (duration_seconds > 0),
	reading_html text not null default '' check (length(reading_html) <= 200000),
	reading_pdf_path text,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	unique (course_id, position) deferrable initially deferred
);
create index lessons_course on lessons (course_id, position);

create table lesson_captions (
	lesson_id int not null references lessons (id) on delete cascade,
	lang text not null check (lang ~ '^[a-z]{2}(-[A-Za-z]{2,4})?$'),
	label text not null check (length(label) between 1 and 50),
	path text not null,
	primary key (lesson_id, lang)
);
