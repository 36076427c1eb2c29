// Rank levels and positions (职务) of demo people, by the kind of unit.
import type { Random } from './random.ts';
import type { Profile } from './tree.ts';

export type RankLevel = 'county' | 'township' | 'general' | 'employee';
export const RANKS: RankLevel[] = ['county', 'township', 'general', 'employee'];

/** Relative number of people per unit, before scaling to the requested total. */
export const PEOPLE_WEIGHT: Record<Profile, number> = {
	'prefecture-leadership': 15,
	'prefecture-dept': 80,
	'county-leadership': 15,
	'county-dept': 45,
	township: 40,
	street: 30,
	village: 12,
	community: 14,
	soe: 90,
	'soe-dept': 40,
	park: 30,
	'park-dept': 25
};

/** Weights of [县处级, 乡科级, 一般干部, 职工]: few at county level, most general staff and employees. */
const RANK_WEIGHTS: Record<Profile, number[]> = {
	'prefecture-leadership': [90, 10, 0, 0],
	'prefecture-dept': [8, 30, 50, 12],
	'county-leadership': [80, 20, 0, 0],
	'county-dept': [2, 20, 62, 16],
	township: [1, 18, 61, 20],
	street: [1, 18, 61, 20],
	village: [0, 1, 44, 55],
	community: [0, 1, 54, 45],
	soe: [2, 12, 36, 50],
	'soe-dept': [0, 10, 40, 50],
	park: [5, 25, 55, 15],
	'park-dept': [0, 15, 65, 20]
};

export function drawRank(rng: Random, profile: Profile): RankLevel {
	return RANKS[rng.weighted(RANK_WEIGHTS[profile])];
}

const LEADERSHIP = {
	prefecture: [
		'州委书记',
		'州长',
		'州委副书记',
		'常务副州长',
		'州委常委',
		'副州长',
		'州人大常委会主任',
		'州政协主席',
		'秘书长'
	],
	county: [
		'县委书记',
		'县长',
		'县委副书记',
		'常务副县长',
		'县委常委',
		'副县长',
		'县人大常委会主任',
		'县政协主席'
	]
};

/** The title of a unit's head from its name: 县教育局 → 局长, 县委党校 → 校长. */
export function headTitle(unitName: string): string {
	const rules: [RegExp, string][] = [
		[/公司$/, '总经理'],
		[/局$/, '局长'],
		[/部$/, '部长'],
		[/校$/, '校长'],
		[/院$/, '院长'],
		[/馆$/, '馆长'],
		[/台$/, '台长'],
		[/社$/, '社长'],
		[/(工会|妇联|科协|文联|残联|工商联)$/, '主席'],
		[/团州委$/, '书记'],
		[/纪委监委$/, '书记'],
		[/会$/, '会长'],
		[/街道$/, '街道党工委书记'],
		[/镇$/, '镇党委书记'],
		[/乡$/, '乡党委书记']
	];
	for (const [re, title] of rules) if (re.test(unitName)) return title;
	return '主任';
}

const STAFF: Record<RankLevel, string[]> = {
	county: ['二级巡视员', '一级调研员', '二级调研员'],
	township: ['科长', '副科长', '一级主任科员', '二级主任科员', '三级主任科员'],
	general: ['四级主任科员', '一级科员', '二级科员', '科员', '办事员'],
	employee: ['工作人员', '技术员', '会计', '出纳', '档案员', '驾驶员']
};
const TOWNSHIP_STAFF = [
	'党政办干事',
	'经济发展办干事',
	'社会事务办科员',
	'财政所会计',
	'综合执法队员',
	'司法所干事',
	'农业服务中心技术员',
	'党建办干事'
];
const VILLAGE_STAFF = [
	'村委会委员',
	'村务监督委员会主任',
	'村会计',
	'村妇联主席',
	'团支部书记',
	'网格员',
	'驻村工作队员',
	'村民小组长',
	'护林员'
];
const COMMUNITY_STAFF = ['社区网格员', '社区工作者', '居委会委员', '专职党务工作者', '社区民警'];
const SOE_STAFF = ['部门经理', '主管', '职员', '技术员', '会计', '安全员'];
const SCHOOL_STAFF = ['讲师', '副教授', '教研室主任', '教师'];

/**
 * Positions for the people of one unit, given their rank levels sorted from
 * the highest: the first is the head, the next few deputies, then staff.
 */
export function positionsFor(
	rng: Random,
	unitName: string,
	profile: Profile,
	ranks: RankLevel[]
): string[] {
	if (profile === 'prefecture-leadership' || profile === 'county-leadership') {
		const list = profile === 'prefecture-leadership' ? LEADERSHIP.prefecture : LEADERSHIP.county;
		const titles = unitName.endsWith('市') ? list.map((t) => t.replace(/县/g, '市')) : list;
		return ranks.map((r, i) =>
			r !== 'county' ? rng.pick(['秘书', '联络员']) : (titles[i] ?? rng.pick(titles.slice(4)))
		);
	}
	let head = headTitle(unitName);
	let deputy = `副${head.replace(/^(镇|乡|街道)?党(工)?委/, '')}`;
	let staff = (r: RankLevel) => rng.pick(STAFF[r]);
	if (profile === 'village')
		[head, deputy, staff] = ['党支部书记', '村委会主任', () => rng.pick(VILLAGE_STAFF)];
	if (profile === 'community')
		[head, deputy, staff] = ['社区党委书记', '居委会主任', () => rng.pick(COMMUNITY_STAFF)];
	if (profile === 'township' || profile === 'street') {
		const seat = unitName.endsWith('街道')
			? '街道办事处主任'
			: unitName.endsWith('乡')
				? '乡长'
				: '镇长';
		deputy = seat;
		staff = (r) =>
			r === 'township'
				? rng.pick(['党委副书记', '人大主席', '纪委书记', '组织委员', '宣传委员', `副${seat}`])
				: rng.pick(TOWNSHIP_STAFF);
	}
	if (profile === 'soe' || profile === 'soe-dept') staff = () => rng.pick(SOE_STAFF);
	if (unitName.endsWith('党校')) {
		const base = staff;
		staff = (r) => (r === 'general' ? rng.pick(SCHOOL_STAFF) : base(r));
	}
	// One second-in-command in villages and townships (村委会主任, 镇长), up to three deputies elsewhere.
	const single = ['village', 'community', 'township', 'street'].includes(profile);
	const deputies = single ? 1 : Math.min(3, Math.floor(ranks.length / 6) + 1);
	// Deputies hold a leading rank, except in villages and communities (村委会主任 is not a civil-service post).
	const canDeputise = (r: RankLevel) =>
		profile === 'village' || profile === 'community'
			? r !== 'employee'
			: r === 'county' || r === 'township';
	return ranks.map((r, i) =>
		i === 0 ? head : i <= deputies && canDeputise(r) ? deputy : staff(r)
	);
}
