-- Programmes (issue 5), engineer p1: what the core schema (0011) lacks.
--
-- A programme's anti-idling settings apply to its courses for the people it
-- is assigned to. They are decided once, when a playback starts (the stricter
-- of the course's and every running programme's), and kept on the playback
-- row: the heartbeat batch then reads them with the playback it already locks,
-- at no extra cost per heartbeat. Null / false: the course's own setting.
alter table playbacks
	add column programme_max_rate numeric(3, 2),
	add column programme_presence boolean not null default false;

-- "Which programmes name this person?" (syncPeople, the learner's task list).
create index programme_people_user on programme_people (user_id);
