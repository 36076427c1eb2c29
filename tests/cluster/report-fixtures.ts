// A unit leader's completion report, set up and read the way the leader
// gets it: a county with a township, learners there, a one-lesson course,
// and a study programme the county leader saved and published (the product's
// own programme code); the report page (server-rendered HTML, what the leader
// sees) and the people export (xlsx) fetched from one chosen instance.
import ExcelJS from 'exceljs';
import type postgres from 'postgres';
import { publishProgramme, saveProgramme } from '../../src/lib/server/programmes';
import { seedLesson } from '../../bench/progress-harness';
import { addPerson, addUnit, type Person } from '../integration/live-fixtures';
import { forwarded, request } from './clients';

export interface ReportSetup {
	programmeId: number;
	county: number;
	leader: Person;
	learners: Person[];
	lessonId: number;
}

/** `names.length` learners in a township of a new county (and its leader), assigned a programme of one `seconds`-long lesson. */
export async function publishedReport(
	sql: postgres.Sql,
	names: string[],
	seconds: number
): Promise<ReportSetup> {
	const county = await addUnit(sql, undefined, `报表县${Date.now() % 100000}`);
	const town = await addUnit(sql, county, '报表镇');
	const leader = await addPerson(sql, county, ['leader'], '县领导');
	const learners = [];
	for (const n of names) learners.push(await addPerson(sql, town, ['learner'], n));
	const lessonId = await seedLesson(sql, seconds);
	const [{ courseId }] =
		await sql`select course_id as "courseId" from lessons where id = ${lessonId}`;
	const saved = await saveProgramme(sql, leader, null, {
		title: '跨实例专题学习',
		description: '',
		requiredCourseIds: [courseId],
		electiveCourseIds: [],
		minElectives: null,
		minElectiveHours: null,
		unitIds: [county],
		rankLevels: null,
		personIds: [],
		startsAt: new Date(Date.now() - 86_400_000),
		deadline: new Date(Date.now() + 30 * 86_400_000),
		presenceCheck: false,
		maxCreditedRate: null
	});
	if (!saved?.ok) throw new Error(`save: ${JSON.stringify(saved)}`);
	const published = await publishProgramme(sql, saved.id, leader);
	// the leader works in the county too: assigned like the learners
	if (!published?.ok || published.assigned !== names.length + 1)
		throw new Error(`publish: ${JSON.stringify(published)}`);
	return { programmeId: saved.id, county, leader, learners, lessonId };
}

const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');

/** The text of each <td> of an HTML fragment (tags and hydration comments dropped). */
const cells = (html: string) =>
	[...html.matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
		m[1]
			.replace(/<!--[\s\S]*?-->|<[^>]+>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim()
	);

export interface ReportPage {
	/** the unit table's 合计 row: [完成率, 应学, 已完成, 学习中, 未开始, 逾期] */
	total: string[];
	/** per learner (by user id), the people table's cells from 状态 on: [状态, 进度, 必修观看进度, …] */
	people: Map<number, string[]>;
}

/** The county report page as the leader sees it (server-rendered), served by the instance on `port`. */
export async function reportPage(port: number, r: ReportSetup): Promise<ReportPage> {
	const path = `/reports/${r.programmeId}/units/${r.county}`;
	const res = await request(port, path, {
		cookie: r.leader.cookie,
		headers: { ...forwarded('10.0.3.1'), accept: 'text/html' }
	});
	if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.body.slice(0, 200)}`);
	const html = utf8(res.body);
	const units = /data-testid="unit-report"[\s\S]*?<tfoot[^>]*>([\s\S]*?)<\/tfoot>/.exec(html);
	const list = /data-testid="people-report"[\s\S]*?<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html);
	if (!units || !list) throw new Error(`${path}: no report tables`);
	const people = new Map<number, string[]>();
	for (const row of list[1].split(/<tr\b/).slice(1)) {
		const id = /id="person-(\d+)"/.exec(row);
		if (id) people.set(Number(id[1]), cells(row).slice(3));
	}
	return { total: cells(units[1]), people };
}

/** The people export (xlsx, everyone in the county's subtree) from `port`: name → [status, 进度, 必修观看进度]. */
export async function peopleExport(
	port: number,
	r: ReportSetup,
	origin: string
): Promise<Map<string, [string, string, number]>> {
	const res = await request(port, `/reports/${r.programmeId}/units/${r.county}/export`, {
		body: new URLSearchParams({ status: 'all', sub: '1' }).toString(),
		contentType: 'application/x-www-form-urlencoded',
		cookie: r.leader.cookie,
		headers: { ...forwarded('10.0.3.1'), origin }
	});
	if (res.status !== 200) throw new Error(`export: ${res.status} ${utf8(res.body).slice(0, 200)}`);
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(res.body, 'latin1') as unknown as ArrayBuffer);
	const ws = wb.worksheets[0];
	const out = new Map<string, [string, string, number]>();
	// rows 1–2 title and export time, 3 the header (tests/integration/report-exports.test.ts)
	for (let i = 4; i <= ws.rowCount; i++) {
		const row = ws.getRow(i);
		const v = (n: number) => row.getCell(n).value;
		out.set(String(v(2)), [String(v(4)), String(v(5)), Number(v(6))]);
	}
	return out;
}
