-- The yearly credit-hour (学时) requirement by rank level (职级) that the home
-- page and a person's record measure this year's 学时 against: data, not
-- code, as the regulations change (PRODUCT.md "Credit hours, as regulated").
-- 全国干部教育培训规划 (2023–2027): every cadre ≥ 50 学时 of online
-- self-study a year, whatever the rank. The concentrated-training
-- requirements (乡科级 and below ≥ 90 a year, 县处级 and above ≥ 550 in five
-- years) count other sources and a rolling window: the training archive's
-- requirement rules (issue 12), not this table. 职工 are not cadres: no row.
create table annual_hour_requirements (
	rank_level text primary key check (rank_level in ('county', 'township', 'general', 'employee')),
	hours numeric(6, 2) not null check (hours > 0)
);

insert into annual_hour_requirements (rank_level, hours) values
	('county', 50), ('township', 50), ('general', 50);
