-- lesson_progress is rewritten by every heartbeat batch (bits OR'ed in,
-- position, updated_at). With updated_at in an index, no such update could be
-- HOT: each one added entries to both indexes and a dead row version that only
-- vacuum removes, so at thousands of heartbeats a second the table and its
-- indexes bloated and the upsert's conflict lookups slowed by the minute.
-- Without that index (summaries filter by user_id, which the primary key
-- serves, and sort a person's few rows) and with room left on each page, the
-- updates are HOT: no index writes, and old versions are pruned in place.
drop index if exists lesson_progress_recent;
alter table lesson_progress set (fillfactor = 50);
