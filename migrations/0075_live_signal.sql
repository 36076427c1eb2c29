-- When the server last received media for a live session, and from what:
-- the console and the viewer page tell "on air" from "直播中 but nothing
-- arrives" (a closed lecturer tab, a dropped OBS) from this, on any instance.
-- Written by the instance holding the input, at most every 2 s.
alter table live_sessions
	add column media_at timestamptz,
	add column media_source text check (media_source in ('browser', 'rtmp'));
