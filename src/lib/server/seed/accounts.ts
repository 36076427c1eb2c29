// The four demo accounts (demo data only: they share a published password)
// and the box that announces them on the console.
import type { Db } from '../db/index.ts';
import type { RankLevel } from './positions.ts';

export const DEMO_PASSWORD = 'xuefan-demo';

export type DemoRole = 'learner' | 'lecturer' | 'leader' | 'admin';

export interface DemoAccount {
	employeeNo: string;
	name: string;
	roles: DemoRole[];
	/** The unit the person belongs to, as a path from the root. */
	unitPath: string;
	/** For the leader: the root of the subtree they see. */
	scopePath?: string;
	rankLevel: RankLevel;
	position: string;
	/** What the account is for, in Chinese and English (console and README). */
	label: string;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
	{
		employeeNo: 'admin',
		name: '李文静',
		roles: ['admin', 'learner'],
		unitPath: '昌吉州/呼图壁县/县委组织部',
		rankLevel: 'township',
		position: '干部教育科科长',
		label: '培训管理员 training administrator'
	},
	{
		employeeNo: 'lecturer',
		name: '张明远',
		roles: ['lecturer', 'learner'],
		unitPath: '昌吉州/呼图壁县/县委党校',
		rankLevel: 'general',
		position: '讲师',
		label: '教师 lecturer'
	},
	{
		employeeNo: 'leader',
		name: '马振华',
		roles: ['leader', 'learner'],
		unitPath: '昌吉州/呼图壁县',
		scopePath: '昌吉州/呼图壁县',
		rankLevel: 'county',
		position: '县委常委、组织部部长',
		label: '单位管理员 unit leader of 呼图壁县'
	},
	{
		employeeNo: 'learner',
		name: '刘晓燕',
		roles: ['learner'],
		unitPath: '昌吉州/呼图壁县/五工台镇/五工台村',
		rankLevel: 'general',
		position: '村委会委员',
		label: '学员 learner (五工台村)'
	}
];

/** Inserts the demo accounts (password set, no forced change) and the leader's scope. `unitIds` maps unit paths to ids. */
export async function insertDemoAccounts(
	tx: Db,
	unitIds: Map<string, number>,
	passwordHash: string
): Promise<void> {
	const idOf = (path: string) => {
		const id = unitIds.get(path);
		if (id === undefined) throw new Error(`demo unit missing: ${path}`);
		return id;
	};
	for (const a of DEMO_ACCOUNTS) {
		const [user] = await tx<{ id: number }[]>`
			insert into users (employee_no, name, unit_id, rank_level, position, password_hash, must_change_password, roles)
			values (${a.employeeNo}, ${a.name}, ${idOf(a.unitPath)}, ${a.rankLevel}, ${a.position}, ${passwordHash}, false, ${a.roles}::text[])
			returning id`;
		if (a.scopePath)
			await tx`insert into leader_scopes (user_id, unit_id) values (${user.id}, ${idOf(a.scopePath)})`;
	}
}

/** Terminal columns a string takes (CJK and full-width characters take two). */
export function displayWidth(s: string): number {
	let w = 0;
	for (const ch of s) {
		const c = ch.codePointAt(0)!;
		const wide =
			(c >= 0x1100 && c <= 0x115f) ||
			(c >= 0x2e80 && c <= 0xa4cf) ||
			(c >= 0xac00 && c <= 0xd7a3) ||
			(c >= 0xf900 && c <= 0xfaff) ||
			(c >= 0xfe30 && c <= 0xfe4f) ||
			(c >= 0xff00 && c <= 0xff60) ||
			(c >= 0xffe0 && c <= 0xffe6);
		w += wide ? 2 : 1;
	}
	return w;
}

/** The console announcement of the demo accounts, in a box. */
export function demoAccountsBox(title = '学帆 Xuefan: 演示数据已生成 / demo data seeded'): string {
	const lines = [
		title,
		'',
		`演示账号 Demo accounts, 密码 password: ${DEMO_PASSWORD}`,
		'',
		...DEMO_ACCOUNTS.map((a) => `  ${a.employeeNo.padEnd(10)}${a.label}`),
		'',
		'仅供演示 Demo data only: never use these accounts in production.'
	];
	const width = Math.max(...lines.map(displayWidth));
	const pad = (s: string) => s + ' '.repeat(width - displayWidth(s));
	return [
		`╔${'═'.repeat(width + 2)}╗`,
		...lines.map((l) => `║ ${pad(l)} ║`),
		`╚${'═'.repeat(width + 2)}╝`
	].join('\n');
}
