-- Which worker process runs which pg-boss job, and when each worker was last
-- seen (jobs/leases.ts). A worker killed with SIGKILL stops being seen; after
-- XUEFAN_JOB_LEASE_SECONDS another worker fails its jobs into a retry, so a
-- transcode cut off mid-way runs again elsewhere instead of waiting for
-- pg-boss's expiry (6 h for transcodes).
create table job_workers (
	id uuid primary key,
	role text not null,
	host text not null,
	pid integer not null,
	started_at timestamptz not null default now(),
	seen_at timestamptz not null default now()
);

create table job_leases (
	job_id uuid primary key,
	queue text not null,
	worker_id uuid not null references job_workers (id) on delete cascade,
	taken_at timestamptz not null default now()
);
create index job_leases_worker on job_leases (worker_id);
