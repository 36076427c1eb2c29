-- In-app notifications (reminders, live sessions starting). Stored as a kind
-- and parameters and rendered in the reader's language when shown.
create table notifications (
	id bigserial primary key,
	user_id int not null references users (id) on delete cascade,
	kind text not null check (kind ~ '^[a-z_]{1,40}$'),
	params jsonb not null default '{}',
	-- an app path to open (always relative, starting with '/')
	link text check (link is null or link ~ '^/[^/]'),
	-- the same reminder is sent once: unique per person when set
	dedupe_key text,
	created_at timestamptz not null default now(),
	read_at timestamptz,
	unique (user_id, dedupe_key)
);
create index notifications_user on notifications (user_id, created_at desc);
create index notifications_unread on notifications (user_id) where read_at is null;
