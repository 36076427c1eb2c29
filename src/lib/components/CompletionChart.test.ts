import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import CompletionChart from './CompletionChart.svelte';

const html = (props: { points: { day: string; rate: number }[]; young?: boolean }) =>
	render(CompletionChart, { props }).body;

describe('CompletionChart', () => {
	it('a programme younger than two days says so in words, with no chart of one dot', () => {
		const out = html({ points: [{ day: '2026-12-03', rate: 0.25 }], young: true });
		expect(out).toContain('专题学习开始不足两天');
		expect(out).toContain('25.0%');
		expect(out).not.toContain('<svg');
		expect(out).not.toContain('<circle');
	});
	it('a single point of an older programme is a sentence, not a dot', () => {
		const out = html({ points: [{ day: '2026-12-03', rate: 0.5 }] });
		expect(out).not.toContain('<circle');
		expect(out).toContain('50.0%');
	});
	it('several days draw the line, one point per day', () => {
		const points = ['01', '02', '03'].map((d, i) => ({ day: `2026-12-${d}`, rate: i / 4 }));
		const out = html({ points });
		expect(out).toContain('<svg');
		expect(out.match(/<circle/g)).toHaveLength(3);
	});
});
