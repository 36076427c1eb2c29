import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, demoAccountsBox, displayWidth } from './accounts.ts';
import { personName, phoneNumber } from './names.ts';
import { allocate, generatePeople } from './people.ts';
import { headTitle } from './positions.ts';
import { Random } from './random.ts';
import { flatten, treeDepth } from './tree.ts';
import { demoTree, prefectureTree } from './trees.ts';
import { townshipStem } from './unit-names.ts';

describe('seeded generator', () => {
	it('is deterministic per seed and stays in range', () => {
		const a = new Random(7);
		const b = new Random(7);
		const xs = Array.from({ length: 100 }, () => a.next());
		expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
		expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
		expect(new Random(8).next()).not.toBe(xs[0]);
		fc.assert(
			fc.property(
				fc.integer(),
				fc.integer({ min: -50, max: 50 }),
				fc.integer({ min: 0, max: 50 }),
				(seed, min, span) => {
					const n = new Random(seed).int(min, min + span);
					return Number.isInteger(n) && n >= min && n <= min + span;
				}
			)
		);
	});
});

describe('names', () => {
	it('are Chinese names of 2–4 characters, or given·father names', () => {
		const rng = new Random(1);
		for (let i = 0; i < 2000; i++) {
			const name = personName(rng);
			expect(name).toMatch(/^([\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff]{2,5}·[\u4e00-\u9fff]{2,5})$/);
		}
		const phone = phoneNumber(new Random(3));
		expect(phone === '' || /^1\d{10}$/.test(phone)).toBe(true);
	});
});

describe('people', () => {
	it('allocates exactly the requested total', () => {
		const nodes = flatten([prefectureTree(new Random(2))]);
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 60000 }), fc.integer(), (total, seed) => {
				const counts = allocate(new Random(seed), nodes, total);
				return (
					counts.length === nodes.length &&
					counts.every((c) => c >= 0) &&
					counts.reduce((a, b) => a + b, 0) === total
				);
			}),
			{ numRuns: 30 }
		);
	});

	it('numbers people per branch (HTB0001…) without duplicates, heads first', () => {
		const nodes = flatten([demoTree()]);
		nodes.forEach((n, i) => (n.id = i + 1));
		const people = generatePeople(new Random(2022), nodes, 300);
		expect(new Set(people.map((p) => p.employeeNo)).size).toBe(300);
		expect(people.map((p) => p.employeeNo)).toContain('HTB0001');
		const dept = people.filter((p) => nodes[p.unitId - 1].name === '县教育局');
		expect(dept[0].position).toBe('局长');
		expect(
			dept.some(
				(p) => p.position === '副局长' && (p.rankLevel === 'general' || p.rankLevel === 'employee')
			)
		).toBe(false);
	});
});

describe('trees', () => {
	it('the demo tree has the units the demo accounts need; the prefecture has ≈2,000 units of ≤ 5 levels', () => {
		const demo = flatten([demoTree()]);
		const paths = new Set(demo.map((n) => n.path));
		for (const a of DEMO_ACCOUNTS) expect(paths.has(a.unitPath)).toBe(true);
		const pref = flatten([prefectureTree(new Random(2022))]);
		const prefPaths = new Set(pref.map((n) => n.path));
		for (const a of DEMO_ACCOUNTS) expect(prefPaths.has(a.unitPath)).toBe(true);
		expect(pref.length).toBeGreaterThan(1800);
		expect(pref.length).toBeLessThan(2200);
		expect(treeDepth(pref)).toBeLessThanOrEqual(4);
		expect(pref.every((n) => n.name.length <= 100 && !n.name.includes('/'))).toBe(true);
	});

	it('derives township stems and head titles', () => {
		expect(townshipStem('五工台镇')).toBe('五工台');
		expect(townshipStem('上户沟哈萨克族乡')).toBe('上户沟');
		expect(townshipStem('宁边路街道')).toBe('宁边路');
		expect(headTitle('县教育局')).toBe('局长');
		expect(headTitle('县委党校')).toBe('校长');
		expect(headTitle('昌吉州热力有限公司')).toBe('总经理');
		expect(headTitle('县委办公室')).toBe('主任');
	});
});

describe('demo accounts box', () => {
	it('lines up, counting CJK characters as two columns', () => {
		expect(displayWidth('ab')).toBe(2);
		expect(displayWidth('呼图壁县')).toBe(8);
		const lines = demoAccountsBox().split('\n');
		expect(new Set(lines.map(displayWidth)).size).toBe(1);
		for (const a of DEMO_ACCOUNTS) expect(lines.some((l) => l.includes(a.employeeNo))).toBe(true);
	});
});
