// Where a course's 开始学习 / 继续学习 button leads, and the course's own
// figure before any lesson is opened: watched seconds ÷ total seconds of its
// lessons (the definition myCourses uses).

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

/** watched seconds ÷ total seconds over lessons with a duration, 0..1 */
export function courseCoverage(lessons: LessonState[]): number {
	let total = 0;
	let watched = 0;
	for (const l of lessons) {
		if (!l.durationSeconds) continue;
		total += l.durationSeconds;
		watched += Math.min(1, l.coverage ?? 0) * l.durationSeconds;
	}
	return total ? watched / total : 0;
}
