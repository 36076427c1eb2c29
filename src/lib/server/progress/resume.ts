// Where a course's 开始学习 / 继续学习 button leads, and the course's own
// figure before any lesson is opened: watched seconds ÷ total seconds of its
// lessons (the definition of figures.ts, which myCourses uses too).
import { courseFigure } from './figures.ts';

export interface LessonState {
	id: number;
	ready: boolean;
	durationSeconds: number | null;
	/** 0..1, absent when never started */
	coverage?: number;
	completed?: boolean;
}

export type ResumeAction = 'start' | 'continue' | 'review';

/** The first ready lesson not yet completed (in course order); the first ready one once all are. */
export function resumeTarget(
	lessons: LessonState[]
): { lessonId: number; action: ResumeAction } | null {
	const ready = lessons.filter((l) => l.ready);
	if (!ready.length) return null;
	const started = ready.some((l) => l.coverage !== undefined);
	const next = ready.find((l) => !l.completed);
	if (!next) return { lessonId: ready[0].id, action: 'review' };
	return { lessonId: next.id, action: started ? 'continue' : 'start' };
}

/** The course figure (figures.ts: the one definition) of the lesson states, 0..1. */
export function courseCoverage(lessons: LessonState[]): number {
	return courseFigure(
		lessons.map((l) => ({
			duration: l.durationSeconds ?? 0,
			watched: Math.min(1, l.coverage ?? 0) * (l.durationSeconds ?? 0),
			completed: !!l.completed
		}))
	);
}
