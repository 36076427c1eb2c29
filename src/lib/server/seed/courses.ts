// Demo courses with short real lectures. The videos are generated here with
// ffmpeg (so the repository carries no media): one 20 s 720p test clip (the
// encode is the slow part: ~2.5 s here), looped by stream copy into each
// lesson's 30–40 s source and accepted like an upload (probed, attached).
// The app's job queue transcodes them in the background after start; they are
// kept short because every fresh demo install transcodes all ~200 s of them.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '../db/index.ts';
import { run } from '../media/ffmpeg.ts';
import { acceptUpload } from '../media/pipeline.ts';
import { ensureDirs } from '../media/storage.ts';

const BASE_SECONDS = 20;

interface DemoCourse {
	title: string;
	description: string;
	category: string;
	lessons: { title: string; seconds: number }[];
}

export const DEMO_COURSES: readonly DemoCourse[] = [
	{
		title: '学习贯彻党的二十大精神',
		description:
			'系统解读党的二十大报告的主题、主要内容和重大意义，帮助干部深入学习、准确把握、全面贯彻。',
		category: 'theory',
		lessons: [
			{ title: '第一讲：大会主题与历史意义', seconds: 40 },
			{ title: '第二讲：中国式现代化的本质要求', seconds: 30 }
		]
	},
	{
		title: '乡村振兴政策解读',
		description: '围绕产业、人才、文化、生态、组织振兴，解读乡村振兴战略的主要政策与基层实践。',
		category: 'rural',
		lessons: [
			{ title: '第一讲：乡村振兴战略总体要求', seconds: 36 },
			{ title: '第二讲：产业振兴与农民增收', seconds: 30 }
		]
	},
	{
		title: '依法行政专题',
		description: '讲解法治政府建设的基本要求，提升依法决策、规范执法和化解矛盾的能力。',
		category: 'politics_law',
		lessons: [
			{ title: '第一讲：法治政府建设实施纲要', seconds: 32 },
			{ title: '第二讲：行政执法规范化', seconds: 30 }
		]
	}
];

export interface DemoCoursesResult {
	courses: number;
	lessons: number;
	/** Lessons whose video was generated and queued (0 when ffmpeg is missing). */
	videos: number;
}

/** Creates the published demo courses taught by the demo `lecturer`; their videos are queued for transcoding. */
export async function seedDemoCourses(sql: Db): Promise<DemoCoursesResult> {
	const [lecturer] = await sql<
		{ id: number }[]
	>`select id from users where employee_no = 'lecturer'`;
	if (!lecturer) throw new Error('the demo lecturer is missing: seed the demo accounts first');
	const lessonIds: { id: number; seconds: number; title: string }[] = [];
	for (const c of DEMO_COURSES) {
		const [course] = await sql<{ id: number }[]>`
			insert into courses (title, description, category, status, created_by, published_at)
			values (${c.title}, ${c.description}, ${c.category}, 'published', ${lecturer.id}, now())
			returning id`;
		await sql`insert into course_lecturers (course_id, user_id) values (${course.id}, ${lecturer.id})`;
		for (const [i, l] of c.lessons.entries()) {
			const [lesson] = await sql<{ id: number }[]>`
				insert into lessons (course_id, position, title) values (${course.id}, ${i}, ${l.title}) returning id`;
			lessonIds.push({ id: lesson.id, ...l });
		}
	}
	let videos = 0;
	const dir = await mkdtemp(path.join(tmpdir(), 'xuefan-demo-'));
	try {
		await ensureDirs();
		const base = path.join(dir, 'base.mp4');
		await run('ffmpeg', [
			'-hide_banner',
			'-nostdin',
			'-y',
			'-loglevel',
			'error',
			'-f',
			'lavfi',
			'-i',
			'testsrc2=size=1280x720:rate=25',
			'-f',
			'lavfi',
			'-i',
			'sine=frequency=440:sample_rate=48000',
			'-t',
			String(BASE_SECONDS),
			'-c:v',
			'libx264',
			'-preset',
			'ultrafast',
			'-g',
			'50',
			'-pix_fmt',
			'yuv420p',
			'-c:a',
			'aac',
			'-b:a',
			'64k',
			'-shortest',
			base
		]);
		for (const l of lessonIds) {
			const file = path.join(dir, `lesson-${l.id}.mp4`);
			await run('ffmpeg', [
				'-hide_banner',
				'-nostdin',
				'-y',
				'-loglevel',
				'error',
				'-stream_loop',
				'-1',
				'-i',
				base,
				'-t',
				String(l.seconds),
				'-c',
				'copy',
				file
			]);
			const result = await acceptUpload(sql, {
				file,
				originalName: `${l.title}.mp4`,
				sizeBytes: (await stat(file)).size,
				userId: lecturer.id,
				lessonId: l.id
			});
			if (result.ok) videos++;
		}
	} catch (e) {
		// No ffmpeg: the courses stay, without video; the lecturer can upload one.
		console.warn(`demo lectures: no videos generated (${(e as Error).message})`);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
	return { courses: DEMO_COURSES.length, lessons: lessonIds.length, videos };
}
