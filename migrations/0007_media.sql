-- Media: secrets the app generates once and shares between instances (the
-- HMAC key of signed media URLs when XUEFAN_MEDIA_SECRET is not set).
create table app_secrets (
	name text primary key check (length(name) between 1 and 100),
	value text not null,
	created_at timestamptz not null default now()
);

-- The lecturer's list of assets and the job sweep look media up by status.
create index media_assets_status on media_assets (status) where status in ('uploaded', 'validated', 'transcoding');
