// The two org trees of the demo data: a county (呼图壁县) for trying things
// out, and the whole prefecture (~2,000 units, depth ≤ 5) for benchmarks.
import type { Random } from './random.ts';
import { unit, type UnitNode } from './tree.ts';
import {
	COMMUNITIES,
	COUNTIES,
	COUNTY_DEPARTMENTS,
	EXTRA_STREETS,
	PARKS,
	PREFECTURE_DEPARTMENTS,
	SOE_DEPARTMENTS,
	SOES,
	VILLAGES,
	townshipStem,
	type CountySpec
} from './unit-names.ts';

const village = (name: string) =>
	unit(name, 'village', name.endsWith('社区') ? 'community' : 'village');
const dept = (name: string) => unit(name, 'department', 'county-dept');

/** The demo scale: 昌吉州 with 呼图壁县 (departments, three townships, a park) and a small 玛纳斯县. */
export function demoTree(): UnitNode {
	const hutubi = unit(
		'呼图壁县',
		'county',
		'county-leadership',
		[
			...[
				'县委组织部',
				'县委宣传部',
				'县委党校',
				'县教育局',
				'县卫生健康委员会',
				'县农业农村局'
			].map(dept),
			unit('五工台镇', 'township', 'township', ['五工台村', '幸福村', '五工台社区'].map(village)),
			unit('大丰镇', 'township', 'township', ['大丰村', '团结村', '马场湖村'].map(village)),
			unit('雀尔沟镇', 'township', 'township', ['雀尔沟村', '石梯子村'].map(village)),
			unit('呼图壁工业园区', 'park', 'park')
		],
		'HTB'
	);
	const manas = unit(
		'玛纳斯县',
		'county',
		'county-leadership',
		[unit('乐土驿镇', 'township', 'township', [village('乐土驿村')])],
		'MNS'
	);
	return unit('昌吉州', 'prefecture', 'prefecture-leadership', [hutubi, manas], 'CJZ');
}

/** The prefecture scale: 7 counties/cities, 3 parks, 60 departments, 15 SOEs, ≈2,000 units in all. */
export function prefectureTree(rng: Random): UnitNode {
	const counties = COUNTIES.map((c) => countyTree(c, rng));
	const parks = PARKS.map((p) =>
		unit(
			p.name,
			'park',
			'park',
			p.units.map((u) => unit(u, u.endsWith('产业园') ? 'other' : 'department', 'park-dept')),
			p.prefix
		)
	);
	const departments = PREFECTURE_DEPARTMENTS.map((d) => unit(d, 'department', 'prefecture-dept'));
	const soes = SOES.map((s) =>
		unit(
			s,
			'soe',
			'soe',
			rng.sample(SOE_DEPARTMENTS, rng.int(2, 3)).map((d) => unit(d, 'department', 'soe-dept')),
			'GQ'
		)
	);
	return unit(
		'昌吉州',
		'prefecture',
		'prefecture-leadership',
		[...counties, ...parks, ...departments, ...soes],
		'CJZ'
	);
}

function countyTree(spec: CountySpec, rng: Random): UnitNode {
	const departments = COUNTY_DEPARTMENTS.slice(0, 30).map((d) => dept(spec.level + d));
	const target = Math.min(15, Math.max(spec.townships.length, rng.int(13, 15)));
	const names = [...spec.townships, ...EXTRA_STREETS].slice(0, target);
	const townships = names.map((name) => townshipTree(name, rng));
	return unit(
		spec.name,
		'county',
		'county-leadership',
		[...departments, ...townships],
		spec.prefix
	);
}

function townshipTree(name: string, rng: Random): UnitNode {
	const street = name.endsWith('街道');
	const count = rng.int(13, 18);
	const stem = townshipStem(name);
	let names: string[];
	if (street) {
		names = [`${stem}社区`, ...rng.sample(COMMUNITIES, count - 1)];
	} else {
		// The village named after the township first (五工台镇 → 五工台村), a community in the township seat.
		const own = stem.endsWith('村') ? stem : `${stem}村`;
		names = [
			own,
			...rng.sample(
				VILLAGES.filter((v) => v !== own),
				count - 2
			),
			rng.pick(COMMUNITIES)
		];
	}
	return unit(name, 'township', street ? 'street' : 'township', [...new Set(names)].map(village));
}
