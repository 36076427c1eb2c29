-- Live sessions (L1): when the "starting soon" reminder went out, so the
-- minutely reminder job notifies each audience once, not every minute.
alter table live_sessions add column reminder_sent_at timestamptz;
