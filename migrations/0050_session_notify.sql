-- Every instance caches validated sessions (src/lib/server/auth/session-cache.ts)
-- and must hear at once when one ends or when what it carries of its user
-- changes. NOTIFY is delivered after commit, to every listening instance.
-- Payloads: comma-separated `s:<session id>` / `u:<user id>`, at most 200 a
-- notification (NOTIFY payloads are capped at 8,000 bytes).

create function notify_auth(items text[]) returns void language plpgsql as $$
declare
	i int := 1;
begin
	while i <= coalesce(array_length(items, 1), 0) loop
		perform pg_notify('xuefan_auth', array_to_string(items[i:i + 199], ','));
		i := i + 200;
	end loop;
end $$;

create function sessions_ended() returns trigger language plpgsql as $$
begin
	perform notify_auth(array(select 's:' || id from ended));
	return null;
end $$;

create trigger sessions_ended after delete on sessions
	referencing old table as ended for each statement execute function sessions_ended();

create function session_users_changed() returns trigger language plpgsql as $$
begin
	perform notify_auth(array(
		select distinct 'u:' || n.id from changed_new n join changed_old o using (id)
		where (n.active, n.must_change_password, n.roles, n.unit_id, n.locale, n.name, n.employee_no)
			is distinct from (o.active, o.must_change_password, o.roles, o.unit_id, o.locale, o.name, o.employee_no)));
	return null;
end $$;

create trigger session_users_changed after update on users
	referencing new table as changed_new old table as changed_old
	for each statement execute function session_users_changed();

create function leader_scopes_changed() returns trigger language plpgsql as $$
begin
	if tg_op in ('INSERT', 'UPDATE') then
		perform notify_auth(array(select distinct 'u:' || user_id from scope_new));
	end if;
	if tg_op in ('DELETE', 'UPDATE') then
		perform notify_auth(array(select distinct 'u:' || user_id from scope_old));
	end if;
	return null;
end $$;

create trigger leader_scopes_inserted after insert on leader_scopes
	referencing new table as scope_new for each statement execute function leader_scopes_changed();
create trigger leader_scopes_updated after update on leader_scopes
	referencing new table as scope_new old table as scope_old for each statement execute function leader_scopes_changed();
create trigger leader_scopes_deleted after delete on leader_scopes
	referencing old table as scope_old for each statement execute function leader_scopes_changed();
