-- Year-end statistics (issue 12): what the source document's figures mean in
-- this schema, so the page, the seed and the tests read one definition.
--
-- 基层干部 (grassroots cadres): "县直机关、乡镇(街道)、村(社区)等基层干部".
-- A grassroots unit is a township/street or a village/community, or a body
-- directly under a county or a park (县直机关; the document pairs parks with
-- counties as 县市(园区)). Every person of such a unit counts, whatever the
-- rank level: the document counts village and community workers, who are
-- 职工 in the roster, as grassroots cadres.
create view grassroots_units as
	select u.id
	from org_units u left join org_units p on p.id = u.parent_id
	where u.kind in ('township', 'village')
		or (u.kind in ('department', 'other') and p.kind in ('county', 'park'));

-- The year-end page groups a year's classes, enrolments and records by year.
create index class_enrolments_class_status on class_enrolments (class_id, status);
create index classes_year on classes ((extract(year from starts_on)::int));
create index class_sessions_site on class_sessions (site_id) where site_id is not null;
create index class_sessions_route on class_sessions (route_id) where route_id is not null;
