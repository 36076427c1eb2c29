// The demo courses' question banks (seeded with the demo, so a demo quiz can
// draw from them right after `npm start`). Each bank has all three types.
// Written as sheet-style rows and put through the same checks as an import.
import type { Db } from '$lib/server/db';
import { validateQuestion } from './input.ts';
import { insertQuestions } from './store.ts';
import type { QuestionInput } from './types.ts';

type Row = [
	kind: 'single' | 'multiple' | 'truefalse',
	stem: string,
	options: string[],
	answer: number[],
	tags: string[],
	difficulty: number,
	explanation?: string
];

export const DEMO_BANKS: Record<string, Row[]> = {
	学习贯彻党的二十大精神: [
		[
			'single',
			'中国共产党第二十次全国代表大会于哪一年召开？',
			['2020年', '2021年', '2022年', '2023年'],
			[2],
			['二十大', '基础'],
			1,
			'党的二十大于2022年10月在北京召开。'
		],
		[
			'single',
			'党的二十大报告指出，全面建设社会主义现代化国家的首要任务是：',
			['高质量发展', '科技自立自强', '共同富裕', '生态文明建设'],
			[0],
			['二十大', '高质量发展'],
			2
		],
		[
			'single',
			'党的二十大报告提出，以什么全面推进中华民族伟大复兴？',
			['中国式现代化', '全面深化改革', '高质量发展', '乡村振兴'],
			[0],
			['中国式现代化'],
			2
		],
		[
			'multiple',
			'中国式现代化是（　　）的现代化。',
			[
				'人口规模巨大',
				'全体人民共同富裕',
				'物质文明和精神文明相协调',
				'人与自然和谐共生',
				'走和平发展道路',
				'依靠对外扩张'
			],
			[0, 1, 2, 3, 4],
			['中国式现代化'],
			3,
			'中国式现代化的五个方面的中国特色。'
		],
		[
			'multiple',
			'党的二十大报告提出的“三个务必”包括：',
			[
				'务必不忘初心、牢记使命',
				'务必谦虚谨慎、艰苦奋斗',
				'务必敢于斗争、善于斗争',
				'务必一切从实际出发'
			],
			[0, 1, 2],
			['二十大'],
			3
		],
		[
			'truefalse',
			'党的二十大报告指出，教育、科技、人才是全面建设社会主义现代化国家的基础性、战略性支撑。',
			[],
			[0],
			['二十大'],
			2
		],
		[
			'truefalse',
			'中国式现代化是少数人富裕的现代化。',
			[],
			[1],
			['中国式现代化'],
			1,
			'中国式现代化是全体人民共同富裕的现代化。'
		]
	],
	乡村振兴政策解读: [
		[
			'single',
			'乡村振兴战略总要求是产业兴旺、生态宜居、乡风文明、治理有效和：',
			['生活富裕', '农民增收', '城乡融合', '设施完善'],
			[0],
			['总要求'],
			1
		],
		[
			'single',
			'实施乡村振兴战略的总目标是：',
			['农业农村现代化', '新型城镇化', '农业机械化', '农村信息化'],
			[0],
			['总要求'],
			2
		],
		[
			'single',
			'巩固拓展脱贫攻坚成果同乡村振兴有效衔接的过渡期为几年？',
			['3年', '5年', '8年', '10年'],
			[1],
			['脱贫攻坚'],
			3,
			'脱贫之日起设立5年过渡期。'
		],
		[
			'multiple',
			'乡村振兴包括哪些方面的振兴？',
			['产业振兴', '人才振兴', '文化振兴', '生态振兴', '组织振兴', '金融振兴'],
			[0, 1, 2, 3, 4],
			['五个振兴'],
			3
		],
		['truefalse', '乡村振兴战略是在党的十九大报告中提出的。', [], [0], ['总要求'], 1],
		['truefalse', '过渡期内，主要帮扶政策保持总体稳定。', [], [0], ['脱贫攻坚'], 2]
	],
	依法行政专题: [
		[
			'single',
			'《法治政府建设实施纲要（2021—2025年）》提出，到2025年政府行为全面纳入什么轨道？',
			['法治轨道', '市场轨道', '信息化轨道', '规范化轨道'],
			[0],
			['法治政府'],
			1
		],
		[
			'single',
			'行政许可应当遵循的原则不包括：',
			['公开', '公平', '公正', '有偿'],
			[3],
			['行政许可'],
			2,
			'行政许可遵循公开、公平、公正、非歧视的原则。'
		],
		[
			'single',
			'公民认为行政行为侵犯其合法权益，一般可以自知道该行为之日起多少日内申请行政复议？',
			['15日', '30日', '60日', '90日'],
			[2],
			['行政复议'],
			3
		],
		[
			'multiple',
			'行政执法“三项制度”是指：',
			['行政执法公示制度', '执法全过程记录制度', '重大执法决定法制审核制度', '执法人员轮岗制度'],
			[0, 1, 2],
			['行政执法'],
			3
		],
		[
			'truefalse',
			'没有法律、法规、规章的依据，行政机关不得作出减损公民合法权益的决定。',
			[],
			[0],
			['法治政府'],
			2
		],
		[
			'truefalse',
			'行政处罚只有罚款一种。',
			[],
			[1],
			['行政执法'],
			1,
			'行政处罚的种类还包括警告、通报批评、没收违法所得等。'
		]
	]
};

/** Demo rows as validated questions (throws on a bad row: the demo must be right). */
export function demoQuestions(rows: Row[]): QuestionInput[] {
	return rows.map(([kind, stem, options, answer, tags, difficulty, explanation = '']) => {
		const r = validateQuestion({
			kind,
			stem,
			options,
			answer,
			explanation,
			tags,
			difficulty,
			shared: false
		});
		if (!r.ok) throw new Error(`demo question "${stem}": ${JSON.stringify(r.errors)}`);
		return r.value;
	});
}

/** Fills the bank of each demo course that exists and has no questions yet. Returns questions written. */
export async function seedDemoBank(sql: Db): Promise<number> {
	let written = 0;
	for (const [title, rows] of Object.entries(DEMO_BANKS)) {
		const [course] = await sql<{ id: number; empty: boolean; by: number | null }[]>`
			select c.id, not exists (select 1 from questions q where q.course_id = c.id) as empty,
				(select l.user_id from course_lecturers l where l.course_id = c.id order by l.user_id limit 1) as by
			from courses c where c.title = ${title} order by c.id limit 1`;
		if (!course?.empty) continue;
		written += (await insertQuestions(sql, course.id, course.by, demoQuestions(rows))).length;
	}
	return written;
}
