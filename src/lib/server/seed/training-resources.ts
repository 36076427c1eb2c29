// The training year's resources (the source document's "保障" section): the
// lecturer pool (师资库, 119), field teaching bases (2) and points (8), and
// the teaching routes (4, each an ordered sequence of points). Inserted in
// one statement each.
import type { Db } from '../db/index.ts';
import { personName } from './names.ts';
import type { Random } from './random.ts';

export const BASES = [
	{
		name: '吉木萨尔县北庭干部教育培训基地',
		theme: '铸牢中华民族共同体意识',
		address: '吉木萨尔县北庭镇'
	},
	{ name: '昌吉州新时代文明实践中心教学基地', theme: '新时代文明实践', address: '昌吉市北京南路' }
];

export const POINTS = [
	{
		name: '北庭故城国家考古遗址公园现场教学点',
		theme: '历史文化与民族团结',
		address: '吉木萨尔县北庭镇'
	},
	{ name: '呼图壁县五工台镇乡村振兴现场教学点', theme: '乡村振兴', address: '呼图壁县五工台镇' },
	{
		name: '玛纳斯县包家店镇党建引领现场教学点',
		theme: '党建引领基层治理',
		address: '玛纳斯县包家店镇'
	},
	{
		name: '准东经济技术开发区产业发展现场教学点',
		theme: '新型工业化',
		address: '准东经济技术开发区'
	},
	{
		name: '昌吉高新区科技创新现场教学点',
		theme: '创新驱动发展',
		address: '昌吉国家高新技术产业开发区'
	},
	{ name: '奇台县江布拉克生态文明现场教学点', theme: '生态文明建设', address: '奇台县半截沟镇' },
	{ name: '木垒县菜籽沟村文化振兴现场教学点', theme: '文化润疆', address: '木垒县英格堡乡' },
	{ name: '阜康市营商环境服务中心现场教学点', theme: '优化营商环境', address: '阜康市阜新街' }
];

/** Each route's stops, as indexes into POINTS. */
export const ROUTES = [
	{ name: '北庭历史文化教学路线', theme: '铸牢中华民族共同体意识', stops: [0, 6] },
	{ name: '乡村振兴实践教学路线', theme: '乡村振兴', stops: [1, 2, 6] },
	{ name: '产业发展与创新教学路线', theme: '经济发展', stops: [3, 4, 7] },
	{ name: '生态文明建设教学路线', theme: '生态文明', stops: [5, 0] }
];

const TOPICS = [
	'习近平法治思想',
	'党的二十大精神',
	'城乡特色规划',
	'营商环境改善',
	'基层党建',
	'乡村振兴',
	'铸牢中华民族共同体意识',
	'民族宗教政策',
	'意识形态工作',
	'纪检监察业务',
	'教育科技',
	'医疗卫生',
	'产业发展',
	'依法行政',
	'群众工作',
	'应急管理'
];
const ORGS = [
	'州委党校',
	'自治区党校',
	'州直机关',
	'县委党校',
	'新疆大学',
	'福建省委党校',
	'乡镇一线'
];
const TITLES = [
	'教授',
	'副教授',
	'讲师',
	'处长',
	'科长',
	'乡镇党委书记',
	'村党支部书记',
	'致富带头人'
];
const LEVELS = ['region', 'prefecture', 'county'] as const;

export interface Resources {
	lecturerIds: number[];
	/** Lecturer ids of staff members (login users), who earn 学时 for teaching. */
	staffLecturerIds: number[];
	baseIds: number[];
	pointIds: number[];
	routeIds: number[];
}

/** `lecturers` lecturers (a third of them staff members of prefecture units), the sites and the routes. */
export async function insertResources(tx: Db, rng: Random, lecturers: number): Promise<Resources> {
	const staff = Math.floor(lecturers / 3);
	const staffUsers = await tx<{ id: number; name: string }[]>`
		select us.id, us.name from users us join org_units u on u.id = us.unit_id
		where u.kind = 'department' and us.rank_level in ('county', 'township') and us.employee_no like 'CJZ%'
		order by hashtext('lecturer' || us.id), us.id limit ${staff}`;
	const rows = Array.from({ length: lecturers }, (_, i) => {
		const u = staffUsers[i];
		const topics = rng.sample(TOPICS, rng.int(1, 3));
		return {
			userId: u?.id ?? null,
			name: u?.name ?? personName(rng),
			level: LEVELS[rng.weighted([2, 5, 3])],
			organisation: u ? '州直机关' : rng.pick(ORGS),
			title: rng.pick(TITLES),
			topics: `{${topics.join(',')}}`
		};
	});
	const inserted = await tx<{ id: number; staff: boolean }[]>`
		insert into lecturers (user_id, external, name, level, organisation, title, topics)
		select u, u is null, n, l, o, t, tp::text[]
		from unnest(${rows.map((r) => r.userId)}::int[], ${rows.map((r) => r.name)}::text[],
			${rows.map((r) => r.level)}::text[], ${rows.map((r) => r.organisation)}::text[],
			${rows.map((r) => r.title)}::text[], ${rows.map((r) => r.topics)}::text[])
			with ordinality as x (u, n, l, o, t, tp, ord)
		order by ord
		returning id, user_id is not null as staff`;
	const sites = [
		...BASES.map((b) => ({ ...b, kind: 'base', level: 'region' })),
		...POINTS.map((p) => ({ ...p, kind: 'point', level: 'region' }))
	];
	const siteRows = await tx<{ id: number; name: string }[]>`
		insert into teaching_sites (kind, name, level, address, theme, capacity, contact)
		select k, n, l, a, t, 200, '州委组织部干部教育科'
		from unnest(${sites.map((s) => s.kind)}::text[], ${sites.map((s) => s.name)}::text[],
			${sites.map((s) => s.level)}::text[], ${sites.map((s) => s.address)}::text[],
			${sites.map((s) => s.theme)}::text[]) with ordinality as x (k, n, l, a, t, ord)
		order by ord returning id, name`;
	const siteId = new Map(siteRows.map((s) => [s.name, s.id]));
	const ids = sites.map((s) => siteId.get(s.name)!);
	const pointIds = ids.slice(BASES.length);
	const routeRows = await tx<{ id: number; name: string }[]>`
		insert into teaching_routes (name, theme)
		select n, t from unnest(${ROUTES.map((r) => r.name)}::text[], ${ROUTES.map((r) => r.theme)}::text[])
			with ordinality as x (n, t, ord)
		order by ord returning id, name`;
	const routeId = new Map(routeRows.map((r) => [r.name, r.id]));
	const routeIds = ROUTES.map((r) => routeId.get(r.name)!);
	const stops = ROUTES.flatMap((r, i) =>
		r.stops.map((p, k) => ({ route: routeIds[i], position: k + 1, site: pointIds[p] }))
	);
	await tx`
		insert into teaching_route_stops (route_id, position, site_id)
		select * from unnest(${stops.map((s) => s.route)}::int[], ${stops.map((s) => s.position)}::int[],
			${stops.map((s) => s.site)}::int[])`;
	return {
		lecturerIds: inserted.map((l) => l.id),
		staffLecturerIds: inserted.filter((l) => l.staff).map((l) => l.id),
		baseIds: ids.slice(0, BASES.length),
		pointIds,
		routeIds
	};
}
