// npm run bench:import — the roster import at prefecture scale: a fresh schema,
// ~2,000 org units, a 45,000-row xlsx with Chinese names generated in memory,
// then the real import path (read + validate + write, all or nothing).
// Uses DATABASE_URL, else starts an embedded PostgreSQL (data/bench-pg).
// Flags: --rows N (default 45000), --keep (keep the schema for inspection).
// The last line printed is JSON: {"rows":…,"seconds":…,…}.
import ExcelJS from 'exceljs';
import type postgres from 'postgres';
import { startEmbedded, type EmbeddedServer } from '../src/lib/server/db/embedded.ts';
import { createTestSchema } from '../src/lib/server/db/test-schema.ts';
import { importRoster } from '../src/lib/server/org/roster-import/index.ts';
import { registerDomainReactions } from '../src/lib/server/domains.ts';

const args = process.argv.slice(2);
const ROWS = Number(args[args.indexOf('--rows') + 1]) || 45_000;
const KEEP = args.includes('--keep');

// A small deterministic PRNG, so every run imports the same file.
let seed = 20221231;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const SYLLABLES =
	'东西南北红新丰宁安和平泉山河湖沙草园阳光明永兴庆福乐友团结胜利建设幸福三二五六七八'.split('');
const COUNTIES = [
	'昌吉市',
	'阜康市',
	'呼图壁县',
	'玛纳斯县',
	'奇台县',
	'吉木萨尔县',
	'木垒哈萨克自治县',
	'准东开发区'
];
const PARKS = ['昌吉国家高新区', '准东经济技术开发区', '昌吉国家农业科技园区'];
const SURNAMES =
	'王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
		''
	);
const GIVEN =
	'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国新疆天山雪莲志文斌浩宇晨欣怡佳琪梓涵子轩博文嘉豪思远海燕春梅金凤'.split(
		''
	);
const UYGHUR = [
	'古丽娜尔',
	'阿依古丽',
	'买买提',
	'艾尔肯',
	'热依拉',
	'迪丽努尔',
	'阿不都',
	'努尔兰',
	'哈力木拉提',
	'加娜尔'
];
const POSITIONS = [
	'',
	'科员',
	'副科长',
	'科长',
	'副镇长',
	'镇长',
	'村党支部书记',
	'村委会主任',
	'干事',
	'主任',
	'副主任',
	'职员'
];
const RANKS = [
	'县处级及以上',
	'乡科级',
	'乡科级',
	'一般干部',
	'一般干部',
	'一般干部',
	'一般干部',
	'职工',
	'职工',
	'职工'
];

interface U {
	id: number;
	parentId: number | null;
	name: string;
	kind: string;
	path: string;
}

/** 昌吉州 → 8 counties/cities (5 departments + 13 townships × 17 villages each), 3 parks, 40 prefecture departments, 12 SOEs. */
function buildTree(): U[] {
	const units: U[] = [];
	const add = (name: string, kind: string, parent: U | null) => {
		const u = {
			id: units.length + 1,
			parentId: parent?.id ?? null,
			name,
			kind,
			path: parent ? `${parent.path}/${name}` : name
		};
		units.push(u);
		return u;
	};
	const uniqueNames = (n: number, suffix: string) => {
		const names = new Set<string>();
		while (names.size < n) names.add(pick(SYLLABLES) + pick(SYLLABLES) + suffix);
		return [...names];
	};
	const root = add('昌吉州', 'prefecture', null);
	for (const c of COUNTIES) {
		const county = add(c, 'county', root);
		for (const d of ['县委组织部', '县委宣传部', '县教育局', '县卫健委', '县农业农村局'])
			add(d, 'department', county);
		for (const t of uniqueNames(13, '镇')) {
			const town = add(t, 'township', county);
			for (const v of uniqueNames(17, '村')) add(v, 'village', town);
		}
	}
	for (const p of PARKS) add(p, 'park', root);
	for (let i = 1; i <= 40; i++) add(`州直第${i}部门`, 'department', root);
	for (let i = 1; i <= 12; i++) add(`州属第${i}国有企业`, 'soe', root);
	return units;
}

async function insertTree(sql: postgres.Sql, units: U[]) {
	await sql`
		insert into org_units (id, parent_id, name, kind)
		select * from unnest(${units.map((u) => u.id)}::int[], ${units.map((u) => u.parentId)}::int[],
			${units.map((u) => u.name)}::text[], ${units.map((u) => u.kind)}::text[])`;
	await sql`select setval(pg_get_serial_sequence('org_units', 'id'), (select max(id) from org_units))`;
	await sql`
		insert into org_closure (ancestor_id, descendant_id, depth)
		with recursive c (a, d, depth) as (
			select id, id, 0 from org_units
			union all
			select c.a, u.id, c.depth + 1 from c join org_units u on u.parent_id = c.d
		)
		select a, d, depth from c`;
}

async function buildXlsx(units: U[]): Promise<Uint8Array> {
	const targets = units.filter((u) => u.kind !== 'prefecture');
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('花名册');
	ws.addRow(['工号', '姓名', '单位', '职级', '职务', '手机']);
	for (let i = 1; i <= ROWS; i++) {
		const name =
			rand() < 0.1
				? `${pick(UYGHUR)}·${pick(UYGHUR)}`
				: pick(SURNAMES) + pick(GIVEN) + (rand() < 0.6 ? pick(GIVEN) : '');
		const phone = `13${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
		ws.addRow([
			`P${String(i).padStart(6, '0')}`,
			name,
			pick(targets).path,
			pick(RANKS),
			pick(POSITIONS),
			phone
		]);
	}
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

const fmt = (ms: number) => Math.round(ms) / 1000;

async function main() {
	registerDomainReactions();
	let server: EmbeddedServer | undefined;
	if (!process.env.DATABASE_URL) {
		server = await startEmbedded({
			dataDir: 'data/bench-pg',
			port: Number(process.env.XUEFAN_BENCH_PG_PORT ?? 54331),
			tcp: true
		});
		process.env.DATABASE_URL = server.url;
	}
	const t = await createTestSchema();
	try {
		let t0 = performance.now();
		const units = buildTree();
		await insertTree(t.sql, units);
		console.log(`units: ${units.length} in ${fmt(performance.now() - t0)} s (schema ${t.schema})`);

		t0 = performance.now();
		const bytes = await buildXlsx(units);
		console.log(
			`xlsx: ${ROWS} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB, generated in ${fmt(performance.now() - t0)} s`
		);

		const rssBefore = process.memoryUsage().rss;
		const r = await importRoster(t.sql, {
			bytes,
			fileName: '花名册.xlsx',
			initialPassword: 'Initial-2024'
		});
		if (!r.ok)
			throw new Error(
				`import failed: ${JSON.stringify({ fileErrors: r.fileErrors, rowErrors: r.rowErrors.slice(0, 5) })}`
			);
		const { timings: tm } = r;
		console.log(
			`import: ${r.rows} rows, inserted ${r.inserted}, updated ${r.updated} — read ${fmt(tm.readMs)} s, hash ${fmt(tm.hashMs)} s, ` +
				`validate ${fmt(tm.validateMs)} s, write ${fmt(tm.writeMs)} s, total ${fmt(tm.totalMs)} s`
		);
		const [{ n }] = await t.sql<{ n: number }[]>`select count(*) as n from users`;
		if (n !== ROWS) throw new Error(`expected ${ROWS} users, found ${n}`);

		// Re-import of the same file: every row matched by employee number, nothing changed.
		const again = await importRoster(t.sql, {
			bytes,
			fileName: '花名册.xlsx',
			initialPassword: ''
		});
		if (!again.ok || again.unchanged !== ROWS)
			throw new Error(`re-import: ${JSON.stringify(again).slice(0, 300)}`);
		console.log(`re-import (all unchanged): total ${fmt(again.timings.totalMs)} s`);

		const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
		console.log(
			JSON.stringify({
				rows: r.rows,
				seconds: fmt(tm.totalMs),
				read_seconds: fmt(tm.readMs),
				hash_seconds: fmt(tm.hashMs),
				validate_seconds: fmt(tm.validateMs),
				write_seconds: fmt(tm.writeMs),
				reimport_seconds: fmt(again.timings.totalMs),
				units: units.length,
				file_mb: Math.round((bytes.length / 1024 / 1024) * 10) / 10,
				rss_mb_before_import: Math.round(rssBefore / 1024 / 1024),
				max_rss_mb: rssMb
			})
		);
	} finally {
		if (KEEP) {
			console.error(`kept schema ${t.schema}`);
			await t.sql.end();
		} else await t.drop();
		await server?.stop();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
