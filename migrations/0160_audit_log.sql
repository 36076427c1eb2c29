-- The audit log of administrative actions (issue 13): who, when, what, from
-- which address. Append-only: a trigger refuses every UPDATE, DELETE and
-- TRUNCATE, so not even the app's own role can rewrite history.
--
-- The actor is kept by id and as a label (employee number and name at the
-- time), with no foreign key: a person deleted later leaves their entries
-- readable, and no ON DELETE action ever needs to touch this table.
create table audit_log (
	id bigint generated always as identity primary key,
	at timestamptz not null default now(),
	actor_id int,
	actor_label text not null check (length(actor_label) <= 120),
	action text not null check (action ~ '^[a-z][a-z_]*(\.[a-z_]+)+$' and length(action) <= 60),
	target text not null default '' check (length(target) <= 300),
	detail jsonb not null default '{}'::jsonb check (jsonb_typeof(detail) = 'object'),
	ip text check (ip is null or length(ip) <= 64)
);

create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_actor_idx on audit_log (actor_id, at desc);
create index audit_log_action_idx on audit_log (action, at desc);

create function audit_log_refuse_change() returns trigger
language plpgsql as $$
begin
	raise exception 'audit_log is append-only (% refused)', tg_op
		using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_log_no_update_delete
	before update or delete on audit_log
	for each row execute function audit_log_refuse_change();

create trigger audit_log_no_truncate
	before truncate on audit_log
	for each statement execute function audit_log_refuse_change();
