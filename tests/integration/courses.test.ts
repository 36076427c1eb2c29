import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import {
	addLecturer,
	addLesson,
	canEditCourse,
	canEditLesson,
	canViewCourse,
	canViewLesson,
	CourseError,
	createCourse,
	deleteLesson,
	findLecturers,
	getCourse,
	lessonExtras,
	listCatalogue,
	listLessons,
	listMyCourses,
	moveLesson,
	removeLecturer,
	renameLesson,
	resolveStored,
	setCaption,
	setCover,
	setReadingHtml,
	setReadingPdf,
	setStatus,
	updateCourse,
	updateSettings
} from '../../src/lib/server/courses';
import type { Role } from '../../src/lib/server/auth/types';
import { makeUnits } from '../fixtures/roster-units';

process.env.XUEFAN_MEDIA_DIR = mkdtempSync(path.join(tmpdir(), 'xuefan-courses-'));

let t: TestDb;
type Who = { id: number; roles: Role[] };
const people: Record<'lect' | 'lect2' | 'learner' | 'admin' | 'lectOnly', Who> = {} as never;

beforeAll(async () => {
	t = await createTestSchema();
	const u = await makeUnits(t.sql);
	const add = async (no: string, name: string, roles: Role[]) => {
		const [{ id }] = await t.sql<{ id: number }[]>`
			insert into users (employee_no, name, unit_id, rank_level, password_hash, must_change_password, roles)
			values (${no}, ${name}, ${u.county}, 'general', 'x', false, ${roles}::text[]) returning id`;
		return { id, roles };
	};
	people.lect = await add('L1', '张明远', ['lecturer', 'learner']);
	people.lect2 = await add('L2', '王老师', ['lecturer']);
	people.learner = await add('S1', '刘晓燕', ['learner']);
	people.admin = await add('A1', '李文静', ['admin', 'learner']);
	people.lectOnly = await add('L3', '赵讲师', ['lecturer']);
});
afterAll(async () => {
	await t.drop();
	rmSync(process.env.XUEFAN_MEDIA_DIR!, { recursive: true, force: true });
});

const refused = async (p: Promise<unknown>, code: string) => {
	await expect(p).rejects.toBeInstanceOf(CourseError);
	await expect(p).rejects.toMatchObject({ code });
};
const readyMedia = async (status = 'ready') => {
	const [{ id }] = await t.sql<
		{ id: string }[]
	>`insert into media_assets (status) values (${status}) returning id`;
	return id;
};
const positions = async (courseId: number) =>
	(await listLessons(t.sql, courseId)).map((l) => [l.title, l.position]);

describe('create and edit', () => {
	it('creates a draft with the creating lecturer, and validates every field', async () => {
		const id = await createCourse(t.sql, people.lect, {
			title: '  习近平新时代  中国特色社会主义思想 ',
			description: '概论',
			category: 'theory'
		});
		const c = await getCourse(t.sql, id);
		expect(c).toMatchObject({
			title: '习近平新时代 中国特色社会主义思想',
			status: 'draft',
			category: 'theory',
			completionRatio: 0.95,
			maxCreditedRate: 1
		});
		expect(c!.lecturers.map((l) => l.name)).toEqual(['张明远']);
		await refused(
			createCourse(t.sql, people.lect, { title: '   ', category: 'theory' }),
			'title_empty'
		);
		await refused(
			createCourse(t.sql, people.lect, { title: 'x'.repeat(201), category: 'theory' }),
			'title_too_long'
		);
		await refused(
			createCourse(t.sql, people.lect, { title: 'x', category: 'sports' }),
			'category_invalid'
		);
		await refused(
			createCourse(t.sql, people.lect, {
				title: 'x',
				category: 'rural',
				description: 'y'.repeat(5001)
			}),
			'description_too_long'
		);
		await refused(updateCourse(t.sql, id, { title: 'ok', category: 'nope' }), 'category_invalid');
		expect((await getCourse(t.sql, id))!.category).toBe('theory'); // nothing changed
		await updateCourse(t.sql, id, { title: '新标题', description: '', category: 'rural' });
		expect(await getCourse(t.sql, id)).toMatchObject({ title: '新标题', category: 'rural' });
	});

	it('keeps settings inside their ranges', async () => {
		const id = await createCourse(t.sql, people.lect, { title: '设置', category: 'health' });
		await refused(
			updateSettings(t.sql, id, {
				completionRatio: '0.4',
				maxCreditedRate: '1',
				presenceCheck: ''
			}),
			'ratio_invalid'
		);
		await refused(
			updateSettings(t.sql, id, {
				completionRatio: '0.9',
				maxCreditedRate: '2.5',
				presenceCheck: ''
			}),
			'rate_invalid'
		);
		await refused(
			updateSettings(t.sql, id, {
				completionRatio: 'abc',
				maxCreditedRate: '1',
				presenceCheck: ''
			}),
			'ratio_invalid'
		);
		await updateSettings(t.sql, id, {
			completionRatio: '0.8',
			maxCreditedRate: '1.5',
			presenceCheck: 'on'
		});
		expect(await getCourse(t.sql, id)).toMatchObject({
			completionRatio: 0.8,
			maxCreditedRate: 1.5,
			presenceCheck: true
		});
	});
});

describe('lessons', () => {
	it('appends, renames, reorders with dense positions, and deletes only in drafts', async () => {
		const id = await createCourse(t.sql, people.lect, { title: '课时顺序', category: 'economy' });
		const a = await addLesson(t.sql, id, '一');
		const b = await addLesson(t.sql, id, '二');
		const c = await addLesson(t.sql, id, '三');
		expect(await positions(id)).toEqual([
			['一', 0],
			['二', 1],
			['三', 2]
		]);
		await moveLesson(t.sql, id, c, -1);
		expect(await positions(id)).toEqual([
			['一', 0],
			['三', 1],
			['二', 2]
		]);
		await moveLesson(t.sql, id, a, -1); // already first: unchanged
		await moveLesson(t.sql, id, b, 1); // already last: unchanged
		expect(await positions(id)).toEqual([
			['一', 0],
			['三', 1],
			['二', 2]
		]);
		await renameLesson(t.sql, id, c, '第三讲');
		await refused(renameLesson(t.sql, id, c, ''), 'title_empty');
		await deleteLesson(t.sql, id, a);
		expect(await positions(id)).toEqual([
			['第三讲', 0],
			['二', 1]
		]);
		await refused(moveLesson(t.sql, id + 999, b, 1), 'not_found');
		const other = await createCourse(t.sql, people.lect, { title: '别的课', category: 'economy' });
		await refused(renameLesson(t.sql, other, b, 'x'), 'lesson_not_found'); // lesson of another course

		// Published: deleting a lesson is refused and changes nothing.
		await t.sql`update lessons set media_id = ${await readyMedia()} where id = ${b}`;
		await setStatus(t.sql, id, 'published');
		await refused(deleteLesson(t.sql, id, b), 'lesson_delete_not_draft');
		expect(await positions(id)).toEqual([
			['第三讲', 0],
			['二', 1]
		]);
	});
});

describe('status', () => {
	it('publishes only with a lesson whose media is ready; published → archived → published', async () => {
		const id = await createCourse(t.sql, people.lect, { title: '发布规则', category: 'ideology' });
		await refused(setStatus(t.sql, id, 'published'), 'publish_needs_ready_lesson');
		const l = await addLesson(t.sql, id, '无视频');
		await refused(setStatus(t.sql, id, 'published'), 'publish_needs_ready_lesson');
		await t.sql`update lessons set media_id = ${await readyMedia('transcoding')} where id = ${l}`;
		await refused(setStatus(t.sql, id, 'published'), 'publish_needs_ready_lesson');
		await refused(setStatus(t.sql, id, 'archived'), 'status_invalid'); // draft → archived
		expect((await getCourse(t.sql, id))!.status).toBe('draft');
		await t.sql`update media_assets set status = 'ready' where id = (select media_id from lessons where id = ${l})`;
		expect(await setStatus(t.sql, id, 'published')).toBe('published');
		const first = (await getCourse(t.sql, id))!.publishedAt;
		expect(first).toBeInstanceOf(Date);
		await refused(setStatus(t.sql, id, 'draft'), 'status_invalid');
		await setStatus(t.sql, id, 'archived');
		await refused(setStatus(t.sql, id, 'archived'), 'status_invalid');
		await setStatus(t.sql, id, 'published');
		expect((await getCourse(t.sql, id))!.publishedAt).toEqual(first);
		await refused(setStatus(t.sql, id, 'bogus'), 'status_invalid');
	});
});

describe('access', () => {
	it('learners see published courses only; lecturers of other courses cannot edit; admins can', async () => {
		const id = await createCourse(t.sql, people.lect, {
			title: '访问规则',
			category: 'discipline'
		});
		const lesson = await addLesson(t.sql, id, '第一讲');
		expect(await canViewCourse(t.sql, people.learner, id)).toBe(false);
		expect(await canViewLesson(t.sql, people.learner, lesson)).toBeNull();
		expect(await canViewCourse(t.sql, people.lect, id)).toBe(true);
		expect(await canViewCourse(t.sql, people.lect2, id)).toBe(false);
		expect(await canViewCourse(t.sql, people.admin, id)).toBe(true);
		expect(await canEditCourse(t.sql, people.lect, id)).toBe(true);
		expect(await canEditCourse(t.sql, people.lect2, id)).toBe(false);
		expect(await canEditLesson(t.sql, people.lect2, lesson)).toBeNull();
		expect(await canEditCourse(t.sql, people.learner, id)).toBe(false);
		expect(await canEditCourse(t.sql, people.admin, id)).toBe(true);
		expect(await canEditCourse(t.sql, null, id)).toBe(false);
		expect(await canEditCourse(t.sql, people.admin, 987654)).toBe(false);
		// A lecturer who lost the lecturer role can no longer edit.
		expect(await canEditCourse(t.sql, { id: people.lect.id, roles: ['learner'] }, id)).toBe(false);

		await t.sql`update lessons set media_id = ${await readyMedia()} where id = ${lesson}`;
		await setStatus(t.sql, id, 'published');
		expect(await canViewCourse(t.sql, people.learner, id)).toBe(true);
		expect(await canViewLesson(t.sql, people.learner, lesson)).toEqual({ courseId: id });
		expect(await canEditCourse(t.sql, people.learner, id)).toBe(false);
		await setStatus(t.sql, id, 'archived');
		expect(await canViewCourse(t.sql, people.learner, id)).toBe(false);
		expect(await canViewLesson(t.sql, null, lesson)).toBeNull();
	});

	it('lecturers: only people with the lecturer role are added; the last one stays', async () => {
		const id = await createCourse(t.sql, people.lect, { title: '多位教师', category: 'health' });
		await refused(addLecturer(t.sql, id, people.learner.id), 'lecturer_not_lecturer');
		await addLecturer(t.sql, id, people.lect2.id);
		expect(await canEditCourse(t.sql, people.lect2, id)).toBe(true);
		expect((await getCourse(t.sql, id))!.lecturers.map((l) => l.name).sort()).toEqual(
			['张明远', '王老师'].sort()
		);
		await removeLecturer(t.sql, id, people.lect.id);
		await refused(removeLecturer(t.sql, id, people.lect2.id), 'lecturer_last');
		expect(await canEditCourse(t.sql, people.lect, id)).toBe(false);
		expect((await findLecturers(t.sql, '王')).map((p) => p.name)).toEqual(['王老师']);
		expect((await findLecturers(t.sql, '刘')).length).toBe(0); // learners are not candidates
		// An admin without the lecturer role creates a course with no lecturer row.
		const byAdmin = await createCourse(t.sql, people.admin, {
			title: '管理员建',
			category: 'health'
		});
		expect((await getCourse(t.sql, byAdmin))!.lecturers).toEqual([]);
		const mine = (await listMyCourses(t.sql, people.lect2)).map((c) => c.id);
		expect(mine).toContain(id);
		expect(mine).not.toContain(byAdmin);
		expect((await listMyCourses(t.sql, people.admin)).map((c) => c.id)).toContain(byAdmin);
	});
});

describe('catalogue', () => {
	it('lists published courses only, with search, category filter, counts, durations and paging', async () => {
		const mk = async (
			title: string,
			description: string,
			category: string,
			secs: number[],
			publish = true
		) => {
			const id = await createCourse(t.sql, people.lectOnly, { title, description, category });
			for (const [i, s] of secs.entries()) {
				const l = await addLesson(t.sql, id, `L${i}`);
				await t.sql`update lessons set media_id = ${await readyMedia()}, duration_seconds = ${s} where id = ${l}`;
			}
			if (publish) await setStatus(t.sql, id, 'published');
			return id;
		};
		const a = await mk('乡村振兴战略解读', '产业兴旺', 'rural', [600, 900]);
		const b = await mk('基层治理100%实务', '枫桥经验', 'politics_law', [1200]);
		const draft = await mk('乡村振兴草稿', '未发布', 'rural', [60], false);
		const all = await listCatalogue(t.sql, { pageSize: 100 });
		const ids = all.courses.map((c) => c.id);
		expect(ids).toEqual(expect.arrayContaining([a, b]));
		expect(ids).not.toContain(draft);
		const ca = all.courses.find((c) => c.id === a)!;
		expect(ca).toMatchObject({
			lessonCount: 2,
			totalSeconds: 1500,
			lecturers: ['赵讲师'],
			hasCover: false
		});

		expect((await listCatalogue(t.sql, { q: '乡村' })).courses.map((c) => c.id)).toEqual([a]);
		expect((await listCatalogue(t.sql, { q: '枫桥' })).courses.map((c) => c.id)).toEqual([b]); // description
		expect((await listCatalogue(t.sql, { q: '100%' })).courses.map((c) => c.id)).toEqual([b]);
		expect((await listCatalogue(t.sql, { q: '%' })).courses.map((c) => c.id)).toEqual([b]); // wildcard taken literally
		expect(
			(await listCatalogue(t.sql, { category: 'politics_law' })).courses.map((c) => c.id)
		).toContain(b);
		expect(
			(await listCatalogue(t.sql, { category: 'politics_law' })).courses.map((c) => c.id)
		).not.toContain(a);
		expect((await listCatalogue(t.sql, { q: '乡村', category: 'politics_law' })).total).toBe(0);

		const p1 = await listCatalogue(t.sql, { pageSize: 1, page: 1 });
		const p2 = await listCatalogue(t.sql, { pageSize: 1, page: 2 });
		expect(p1.total).toBe(all.total);
		expect(p1.courses[0].id).not.toBe(p2.courses[0].id);
	});
});

describe('files', () => {
	const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
	it('cover: checks the first bytes and size, replaces the old file', async () => {
		const id = await createCourse(t.sql, people.lect, { title: '封面', category: 'theory' });
		await refused(
			setCover(t.sql, id, new File([new TextEncoder().encode('<svg/>')], 'x.png')),
			'image_type'
		);
		await refused(
			setCover(t.sql, id, new File([new Uint8Array(2 * 1024 * 1024 + 1)], 'big.jpg')),
			'file_too_large'
		);
		await refused(setCover(t.sql, id, new File([], '')), 'file_missing');
		expect((await getCourse(t.sql, id))!.hasCover).toBe(false);
		await setCover(t.sql, id, new File([png], 'a.png'));
		const [{ p1 }] = await t.sql`select cover_path as p1 from courses where id = ${id}`;
		expect(readFileSync(resolveStored(p1)!)).toEqual(Buffer.from(png));
		await setCover(t.sql, id, new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1])], 'b.jpg'));
		const [{ p2 }] = await t.sql`select cover_path as p2 from courses where id = ${id}`;
		expect(p2).toMatch(/^covers\/.+\.jpg$/);
		expect(existsSync(resolveStored(p1)!)).toBe(false);
	});

	it('reading: sanitised HTML, PDF by magic bytes, captions must be WebVTT', async () => {
		const id = await createCourse(t.sql, people.lect, { title: '资料', category: 'theory' });
		const l = await addLesson(t.sql, id, '一');
		expect(
			await setReadingHtml(
				t.sql,
				l,
				'<p onclick="x">读<script>alert(1)</script><a href="javascript:alert(1)">链</a></p>'
			)
		).toBe('<p>读链</p>');
		await refused(setReadingPdf(t.sql, l, new File(['not a pdf'], 'a.pdf')), 'pdf_type');
		await setReadingPdf(t.sql, l, new File(['%PDF-1.4\n%%EOF'], 'a.pdf'));
		await refused(
			setCaption(t.sql, l, {
				lang: 'zh-CN',
				label: '中文',
				file: new File(['1\n00:00.000 --> 00:01.000\nhi'], 'a.vtt')
			}),
			'vtt_type'
		);
		await refused(
			setCaption(t.sql, l, {
				lang: 'chinese',
				label: '中文',
				file: new File(['WEBVTT\n'], 'a.vtt')
			}),
			'caption_lang'
		);
		// well-formed but not a language of the form's list (a typo of a code, e.g. "cn")
		for (const lang of ['cn', 'zh-CX', 'xx'])
			await refused(
				setCaption(t.sql, l, { lang, label: '中文', file: new File(['WEBVTT\n'], 'a.vtt') }),
				'caption_lang'
			);
		await refused(
			setCaption(t.sql, l, { lang: 'zh-CN', label: '', file: new File(['WEBVTT\n'], 'a.vtt') }),
			'caption_label'
		);
		await refused(
			setCaption(t.sql, l, {
				lang: 'zh-CN',
				label: '中文',
				file: new File([new Uint8Array([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xff])], 'a.vtt')
			}),
			'vtt_encoding'
		);
		await setCaption(t.sql, l, {
			lang: 'zh-CN',
			label: '中文',
			file: new File(['\uFEFFWEBVTT\n\n00:00.000 --> 00:01.000\n你好\n'], 'a.vtt')
		});
		const extras = await lessonExtras(t.sql, l);
		expect(extras).toEqual({
			courseId: id,
			readingHtml: '<p>读链</p>',
			pdfUrl: `/courses/${id}/files/reading/${l}`,
			captions: [{ lang: 'zh-CN', label: '中文', url: `/courses/${id}/files/captions/${l}/zh-CN` }]
		});
		const [{ path: vtt }] = await t.sql`select path from lesson_captions where lesson_id = ${l}`;
		const [{ pdf }] = await t.sql`select reading_pdf_path as pdf from lessons where id = ${l}`;
		// Deleting the lesson (draft course) removes its files too.
		await deleteLesson(t.sql, id, l);
		expect(existsSync(resolveStored(vtt)!)).toBe(false);
		expect(existsSync(resolveStored(pdf)!)).toBe(false);
	});
});
