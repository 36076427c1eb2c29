-- The training archive (一人一档) keeps every source of 学时 in the one
-- ledger: besides recorded courses, live sessions, offline classes and exams,
-- teaching as a staff lecturer, out-of-region training (异地培训),
-- secondments (挂职锻炼) and an administrator's manual entries.
alter table credit_ledger drop constraint credit_ledger_source_check;
alter table credit_ledger add constraint credit_ledger_source_check check (source in (
	'course', 'live', 'offline', 'exam', 'teaching', 'out_of_region', 'secondment', 'manual'));
