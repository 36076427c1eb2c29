-- Question bank, quizzes and attempts (issue: quizzes and exams).
-- Option ids are the option's index in `options` as written (0..7); papers
-- shuffle the display order, never the ids. The key (`answer`) and the
-- explanation are server-only until the quiz's results policy allows them.

create table questions (
	id serial primary key,
	-- the bank it lives in; a lecturer may use it in any course they can edit (`shared`)
	course_id int not null references courses (id) on delete cascade,
	kind text not null check (kind in ('single', 'multiple', 'truefalse')),
	stem text not null check (length(btrim(stem)) between 1 and 2000),
	-- truefalse: exactly ['正确', '错误'] (ids 0 = true, 1 = false)
	options text[] not null check (cardinality(options) between 2 and 8),
	answer smallint[] not null check (cardinality(answer) >= 1),
	explanation text not null default '' check (length(explanation) <= 4000),
	tags text[] not null default '{}',
	difficulty smallint not null default 3 check (difficulty between 1 and 5),
	shared boolean not null default false,
	created_by int references users (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	archived_at timestamptz,
	check (kind <> 'single' or cardinality(answer) = 1),
	check (kind <> 'truefalse' or (cardinality(options) = 2 and cardinality(answer) = 1))
);
create index questions_course on questions (course_id) where archived_at is null;
create index questions_tags on questions using gin (tags);

create table quizzes (
	id serial primary key,
	course_id int not null references courses (id) on delete cascade,
	lesson_id int references lessons (id) on delete set null,
	title text not null check (length(btrim(title)) between 1 and 200),
	mode text not null check (mode in ('fixed', 'random')),
	time_limit_seconds int check (time_limit_seconds between 60 and 6 * 3600),
	max_attempts int check (max_attempts between 1 and 100),
	-- percent of the maximum score needed to pass
	pass_percent numeric(5, 2) not null default 60 check (pass_percent > 0 and pass_percent <= 100),
	results_policy text not null default 'after_submit' check (results_policy in ('after_submit', 'after_deadline', 'never')),
	partial_credit boolean not null default false,
	shuffle_questions boolean not null default true,
	shuffle_options boolean not null default true,
	-- passing it is part of completing the course
	required boolean not null default true,
	opens_at timestamptz,
	closes_at timestamptz,
	status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
	created_by int references users (id) on delete set null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check (opens_at is null or closes_at is null or opens_at < closes_at)
);
create index quizzes_course on quizzes (course_id);

-- mode 'fixed': the questions in order
create table quiz_questions (
	quiz_id int not null references quizzes (id) on delete cascade,
	question_id int not null references questions (id) on delete restrict,
	position int not null,
	points numeric(6, 2) not null default 1 check (points > 0),
	primary key (quiz_id, question_id)
);

-- mode 'random': draw `count` questions of a kind (and tag, if given) from the course's bank
create table quiz_draw_rules (
	id serial primary key,
	quiz_id int not null references quizzes (id) on delete cascade,
	kind text not null check (kind in ('single', 'multiple', 'truefalse')),
	tag text,
	count int not null check (count between 1 and 200),
	points numeric(6, 2) not null default 1 check (points > 0)
);
create index quiz_draw_rules_quiz on quiz_draw_rules (quiz_id);

create table quiz_attempts (
	id bigserial primary key,
	quiz_id int not null references quizzes (id) on delete cascade,
	user_id int not null references users (id) on delete cascade,
	number int not null check (number >= 1),
	started_at timestamptz not null default now(),
	-- started_at + time limit, capped by the quiz's closes_at; null = no deadline
	due_at timestamptz,
	-- the drawn paper, frozen at start: [{ questionId, options: [ids in display order], points, kind, answer }]
	-- (the key is copied in so later edits of the bank do not change a running paper; never sent to the browser)
	paper jsonb not null,
	-- { "<questionId>": [optionIds] }, autosaved
	answers jsonb not null default '{}',
	answers_saved_at timestamptz,
	submitted_at timestamptz,
	-- 'learner' | 'deadline' (graded by the job)
	submitted_by text check (submitted_by in ('learner', 'deadline')),
	submit_key text,
	score numeric(8, 2),
	max_score numeric(8, 2),
	passed boolean,
	unique (quiz_id, user_id, number)
);
-- at most one open attempt per person and quiz
create unique index quiz_attempts_one_open on quiz_attempts (quiz_id, user_id) where submitted_at is null;
create index quiz_attempts_due on quiz_attempts (due_at) where submitted_at is null;
create index quiz_attempts_user on quiz_attempts (user_id, quiz_id);
