-- Where an ended session's replay goes, chosen by the lecturer when ending:
-- the linked course, a new course, or nowhere; whether a new course is
-- published; and whether it reaches everyone or only the session's audience.
-- Defaults are the careful ones (a draft for the audience only): a one-minute
-- test no longer lands in every learner's catalogue.
alter table live_sessions
	add column replay_target text not null default 'new' check (replay_target in ('course', 'new', 'none')),
	add column replay_publish boolean not null default false,
	add column replay_everyone boolean not null default false;

-- A course seen only by a live session's audience (its lecturers and admins
-- always); null: every signed-in person once published.
alter table courses add column audience_session_id int references live_sessions (id);
create index courses_audience_session on courses (audience_session_id) where audience_session_id is not null;
