-- The yearly credit-hour (学时) requirement by rank level (职级): data, not
-- code, as the regulations change (PRODUCT.md "Credit hours, as regulated").
-- 干部教育培训工作条例 (2023): township/section level and below ≥ 90 学时 a
-- year; 全国干部教育培训规划 (2023–2027): every cadre ≥ 50 学时 of online
-- self-study a year (county level and above train 550 学时 over 5 years,
-- mostly concentrated; their yearly online figure is the 50). 职工 are not
-- cadres: no row, no requirement shown.
create table annual_hour_requirements (
	rank_level text primary key check (rank_level in ('county', 'township', 'general', 'employee')),
	hours numeric(6, 2) not null check (hours > 0)
);

insert into annual_hour_requirements (rank_level, hours) values
	('county', 50), ('township', 90), ('general', 90);
