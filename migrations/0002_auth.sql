-- Auth: login throttling reserves a failure row before checking a password
-- (so parallel guesses cannot slip past the limit) and removes that row by id
-- when the login succeeds; pruning by age needs an index on the time alone.
alter table login_failures add column id bigint generated always as identity primary key;
create index login_failures_failed_at on login_failures (failed_at);
-- Sign-in finds the account case-insensitively (people type a123 for A123).
create index users_employee_no_lower on users (lower(employee_no));
