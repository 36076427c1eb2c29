import { describe, expect, it } from 'vitest';
import { courseCoverage, resumeTarget } from './resume.ts';

const l = (id: number, extra: Partial<Parameters<typeof resumeTarget>[0][number]> = {}) => ({
	id,
	ready: true,
	durationSeconds: 100,
	...extra
});

describe('resumeTarget', () => {
	it('starts at the first ready lesson when nothing was watched', () => {
		expect(resumeTarget([l(1, { ready: false }), l(2), l(3)])).toEqual({
			lessonId: 2,
			action: 'start'
		});
	});
	it('continues at the first ready lesson not completed', () => {
		expect(
			resumeTarget([l(1, { coverage: 1, completed: true }), l(2, { coverage: 0.3 }), l(3)])
		).toEqual({ lessonId: 2, action: 'continue' });
		expect(resumeTarget([l(1, { coverage: 1, completed: true }), l(2)])).toEqual({
			lessonId: 2,
			action: 'continue'
		});
	});
	it('reviews from the start once all are completed; nothing without a ready lesson', () => {
		expect(resumeTarget([l(1, { coverage: 1, completed: true })])).toEqual({
			lessonId: 1,
			action: 'review'
		});
		expect(resumeTarget([l(1, { ready: false })])).toBeNull();
	});
});

describe('courseCoverage', () => {
	it('is watched seconds over total seconds', () => {
		expect(courseCoverage([l(1, { durationSeconds: 300, coverage: 0.5 }), l(2)])).toBe(150 / 400);
		expect(courseCoverage([l(1, { durationSeconds: null })])).toBe(0);
	});
});
