// Fixtures for the quiz tests: a course with a lecturer and a small bank,
// quizzes made through the quiz module, and a way to call the real route
// handlers (load functions, actions, +server endpoints) against the test schema.
import type postgres from 'postgres';
import type { SessionUser } from '../../src/lib/server/auth/types';
import { checkQuizInput, type RawQuiz } from '../../src/lib/server/quiz/quiz-input';
import { createQuiz, setQuizStatus } from '../../src/lib/server/quiz/quizzes';
import { addCourse, addUser } from './progress-fixtures';

/** Unique marker strings in every explanation, so a leak is found by text. */
export const EXPLAIN = 'EXPLAIN-LEAK-MARK';

export async function courseWithBank(
	sql: postgres.Sql,
	unitId: number,
	o: { perKind?: number; durations?: number[] } = {}
) {
	const lecturer = await addUser(sql, unitId, ['learner', 'lecturer']);
	const { courseId, lessonIds } = await addCourse(sql, { durations: o.durations ?? [600] });
	await sql`insert into course_lecturers (course_id, user_id) values (${courseId}, ${lecturer.id})`;
	const n = o.perKind ?? 6;
	for (let i = 0; i < n; i++) {
		await sql`insert into questions (course_id, kind, stem, options, answer, explanation, tags)
			values (${courseId}, 'single', ${'单选题' + i}, ${['甲', '乙', '丙', '丁']}, ${[i % 4]}, ${EXPLAIN + '-s' + i}, ${['理论']})`;
		await sql`insert into questions (course_id, kind, stem, options, answer, explanation, tags)
			values (${courseId}, 'multiple', ${'多选题' + i}, ${['子', '丑', '寅', '卯', '辰']}, ${[0, 2]}, ${EXPLAIN + '-m' + i}, ${['政策']})`;
		await sql`insert into questions (course_id, kind, stem, options, answer, explanation)
			values (${courseId}, 'truefalse', ${'判断题' + i}, ${['正确', '错误']}, ${[i % 2]}, ${EXPLAIN + '-t' + i})`;
	}
	return { lecturer, courseId, lessonIds };
}

export function rawQuiz(over: Partial<RawQuiz> = {}): RawQuiz {
	return {
		title: '单元测验',
		mode: 'random',
		timeLimitMinutes: '',
		maxAttempts: '3',
		passPercent: '60',
		resultsPolicy: 'after_submit',
		partialCredit: false,
		shuffleQuestions: true,
		shuffleOptions: true,
		required: true,
		opensAt: '',
		closesAt: '',
		lessonId: '',
		rules: [
			{ kind: 'single', tag: '', count: '2', points: '1' },
			{ kind: 'multiple', tag: '', count: '2', points: '1' },
			{ kind: 'truefalse', tag: '', count: '1', points: '1' }
		],
		questions: [],
		...over
	};
}

export async function publishedQuiz(
	sql: postgres.Sql,
	courseId: number,
	lecturer: SessionUser,
	over: Partial<RawQuiz> = {}
) {
	const id = await createQuiz(sql, courseId, lecturer.id, checkQuizInput(rawQuiz(over)));
	await setQuizStatus(sql, courseId, id, 'published');
	return id;
}

/** The key of an attempt's paper (for answering right or wrong on purpose). */
export async function paperOf(sql: postgres.Sql, attemptId: number) {
	const [a] = await sql`select paper from quiz_attempts where id = ${attemptId}`;
	return a.paper as { questionId: number; kind: string; answer: number[]; texts: string[] }[];
}

export function rightAnswers(paper: { questionId: number; answer: number[] }[], wrong = 0) {
	return Object.fromEntries(
		paper.map((p, i) => [String(p.questionId), i < wrong ? [p.answer[0] === 0 ? 1 : 0] : p.answer])
	);
}

/** Points `db()` at the test schema, so route modules run unchanged. */
export async function useTestDatabase(sql: postgres.Sql) {
	const holder = globalThis as { __xuefanDatabase?: Promise<unknown> };
	holder.__xuefanDatabase = Promise.resolve({
		sql,
		connection: { connectionString: '' },
		embedded: false,
		close: async () => {}
	});
	const { startDatabase } = await import('../../src/lib/server/db/index');
	await startDatabase();
}

/** A minimal RequestEvent for a signed-in person. */
export function event(
	user: SessionUser,
	path: string,
	params: Record<string, string>,
	init?: {
		method?: string;
		body?: unknown;
		headers?: Record<string, string>;
		form?: Record<string, string>;
	}
) {
	const url = new URL(`http://localhost${path}`);
	let request: Request;
	if (init?.form) {
		const fd = new FormData();
		for (const [k, v] of Object.entries(init.form)) fd.set(k, v);
		request = new Request(url, { method: 'POST', body: fd });
	} else {
		request = new Request(url, {
			method: init?.method ?? 'GET',
			headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
			body:
				init?.body === undefined
					? undefined
					: typeof init.body === 'string'
						? init.body
						: JSON.stringify(init.body)
		});
	}
	return {
		locals: { user, session: null },
		url,
		params,
		request,
		cookies: { get: () => undefined },
		getClientAddress: () => '127.0.0.1'
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
	} as any;
}

/** Runs a load/action that may throw kit's redirect or error objects; returns what it threw or gave. */
export async function settle<T>(
	fn: () => Promise<T> | T
): Promise<{ value?: T; status?: number; location?: string; body?: unknown }> {
	try {
		return { value: await fn() };
	} catch (e) {
		const x = e as { status?: number; location?: string; body?: unknown };
		if (typeof x?.status === 'number')
			return { status: x.status, location: x.location, body: x.body };
		throw e;
	}
}
