-- People: sign-in finds an account by employee number case-insensitively
-- (lower(employee_no), see 0002), so no two people may share an employee
-- number up to case. Roster imports upsert on this index.
create unique index users_employee_no_ci on users (lower(employee_no));
