import { describe, expect, it } from 'vitest';
import { taskPercent, type TaskProgressInput } from './task-progress.ts';

const task = (o: Partial<TaskProgressInput> = {}): TaskProgressInput => ({
	status: 'in_progress',
	requiredTotal: 2,
	requiredDone: 0,
	electivesDone: 0,
	electiveHours: 0,
	minElectives: null,
	minElectiveHours: null,
	courses: [
		{ required: true, completed: false, coverage: 0 },
		{ required: true, completed: false, coverage: 0 }
	],
	...o
});

describe('taskPercent', () => {
	it('moves with the share watched of required courses being studied', () => {
		expect(taskPercent(task())).toBe(0);
		const half = task({
			courses: [
				{ required: true, completed: false, coverage: 0.5 },
				{ required: true, completed: false, coverage: 0 }
			]
		});
		expect(taskPercent(half)).toBe(25);
	});
	it('counts completed courses whole, and the hours rule even beside a count rule', () => {
		const t = task({
			requiredDone: 1,
			minElectives: 1,
			minElectiveHours: 2,
			electiveHours: 1,
			courses: [
				{ required: true, completed: true, coverage: 1 },
				{ required: true, completed: false, coverage: 0 }
			]
		});
		expect(taskPercent(t)).toBe(Math.floor((1.5 / 4) * 100));
	});
	it('is 100 only when completed', () => {
		expect(taskPercent(task({ requiredDone: 2 }))).toBe(99);
		expect(taskPercent(task({ status: 'completed' }))).toBe(100);
	});
});
