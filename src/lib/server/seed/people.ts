// Demo people: spread over the units by the kind of unit, with names, employee
// numbers (HTB0001), rank levels and positions; inserted in unnest batches.
import type { Db } from '../db/index.ts';
import { personName, phoneNumber } from './names.ts';
import { drawRank, PEOPLE_WEIGHT, positionsFor, RANKS } from './positions.ts';
import type { PersonRow } from '../org/roster-import/validate.ts';
import type { Random } from './random.ts';
import type { UnitNode } from './tree.ts';

export type { PersonRow };

/** How many people each unit gets: proportional to its (jittered) weight, summing to exactly `total`. */
export function allocate(rng: Random, nodes: UnitNode[], total: number): number[] {
	const weights = nodes.map((n) => PEOPLE_WEIGHT[n.profile] * (0.7 + 0.6 * rng.next()));
	const sum = weights.reduce((a, b) => a + b, 0);
	const exact = weights.map((w) => (total * w) / sum);
	const counts = exact.map(Math.floor);
	let left = total - counts.reduce((a, b) => a + b, 0);
	const byRemainder = exact
		.map((x, i) => [x - Math.floor(x), i])
		.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
	for (let k = 0; left > 0; k++, left--) counts[byRemainder[k % byRemainder.length][1]]++;
	return counts;
}

/** `total` people over the inserted units `nodes` (ids set), deterministic for a given generator state. */
export function generatePeople(rng: Random, nodes: UnitNode[], total: number): PersonRow[] {
	const counts = allocate(rng, nodes, total);
	const serial = new Map<string, number>();
	const people: PersonRow[] = [];
	nodes.forEach((node, i) => {
		const ranks = Array.from({ length: counts[i] }, () => drawRank(rng, node.profile));
		ranks.sort((a, b) => RANKS.indexOf(a) - RANKS.indexOf(b));
		const positions = positionsFor(rng, node.name, node.profile, ranks);
		ranks.forEach((rankLevel, k) => {
			const prefix = node.prefix ?? 'XF';
			const n = (serial.get(prefix) ?? 0) + 1;
			serial.set(prefix, n);
			people.push({
				employeeNo: prefix + String(n).padStart(4, '0'),
				name: personName(rng),
				unitId: node.id!,
				rankLevel,
				position: positions[k],
				phone: phoneNumber(rng)
			});
		});
	});
	return people;
}

const BATCH = 5000;

/** Inserts people in batches of 5,000, all with the same password hash (hashed once by the caller). */
export async function insertPeople(
	tx: Db,
	people: PersonRow[],
	passwordHash: string,
	mustChangePassword = true
): Promise<void> {
	for (let i = 0; i < people.length; i += BATCH) {
		const b = people.slice(i, i + BATCH);
		await tx`
			insert into users (employee_no, name, unit_id, rank_level, position, phone, password_hash, must_change_password)
			select e, n, u, r, p, ph, ${passwordHash}, ${mustChangePassword}
			from unnest(
				${b.map((x) => x.employeeNo)}::text[],
				${b.map((x) => x.name)}::text[],
				${b.map((x) => x.unitId)}::int[],
				${b.map((x) => x.rankLevel)}::text[],
				${b.map((x) => x.position)}::text[],
				${b.map((x) => x.phone)}::text[]
			) as t (e, n, u, r, p, ph)`;
	}
}
