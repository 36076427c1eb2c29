// A study task's one progress figure (the bar on /tasks and the home page).

export interface TaskProgressInput {
	status: 'not_started' | 'in_progress' | 'completed';
	requiredTotal: number;
	requiredDone: number;
	electivesDone: number;
	electiveHours: number;
	minElectives: number | null;
	minElectiveHours: number | null;
	courses: { required: boolean; completed: boolean; coverage: number }[];
}

/**
 * Whole percent: required courses plus each elective rule (the count, the
 * hours) as equal parts. A required course being studied counts by the share
 * watched (short of a whole course until it is completed), so the bar moves
 * with 学习中 courses. Below 100 until the task is completed.
 */
export function taskPercent(t: TaskProgressInput): number {
	if (t.status === 'completed') return 100;
	const goal = t.requiredTotal + (t.minElectives ?? 0) + (t.minElectiveHours !== null ? 1 : 0);
	if (!goal) return 0;
	const studying = t.courses
		.filter((c) => c.required && !c.completed)
		.reduce((s, c) => s + Math.min(0.99, Math.max(0, c.coverage)), 0);
	const electives = t.minElectives !== null ? Math.min(t.electivesDone, t.minElectives) : 0;
	const hours =
		t.minElectiveHours === null
			? 0
			: t.minElectiveHours > 0
				? Math.min(1, t.electiveHours / t.minElectiveHours)
				: 1;
	const reached = Math.min(t.requiredDone, t.requiredTotal) + studying + electives + hours;
	return Math.min(99, Math.floor((reached / goal) * 100));
}
