-- The lecturer pool, field teaching resources and dispatch (调训, issue 12):
-- indexes for the dispatch list, which ranks every person of a subtree by
-- this year's 学时 and their last concentrated training in one grouped scan
-- (users of the subtree through org_closure, then each source grouped by
-- user), and for the pool's and sites' usage counts.

-- This year's hours per person: an index-only scan by (year, user_id).
create index credit_ledger_year_user on credit_ledger (year, user_id) include (hours, id);

-- Last offline class attended: attendance by person, then the session's start.
create index class_attendance_user on class_attendance (user_id, session_id) include (status);

-- Last out-of-region training by person.
create index training_records_user_kind on training_records (user_id, kind, ends_on);

-- Dispatch filters people by unit and rank; the usage counts read sessions by place.
create index users_unit_rank on users (unit_id, rank_level) where active;
create index class_sessions_site on class_sessions (site_id, starts_at) where site_id is not null;
create index class_sessions_route on class_sessions (route_id, starts_at) where route_id is not null;
create index teaching_route_stops_site on teaching_route_stops (site_id);

-- Each person's valid 学时 per year and source is kept in credit_year_sums (0104).
