// The question form's starting values: blank, a saved question, or what was
// just submitted (a refused submit keeps everything typed).
import type { Initial } from './QuestionForm.svelte';
import type { Kind } from './labels';

export const blank = (): Initial => ({
	kind: 'single',
	stem: '',
	options: ['', '', '', ''],
	answer: [],
	explanation: '',
	tags: '',
	difficulty: 3,
	shared: false
});

export function fromValues(v: Record<string, string>): Initial {
	const options = Array.from({ length: 8 }, (_, i) => v[`option${i}`] ?? '');
	const last = options.reduce((l, o, i) => (o.trim() ? i : l), -1);
	const kind: Kind = v.kind === 'multiple' || v.kind === 'truefalse' ? v.kind : 'single';
	return {
		kind,
		stem: v.stem ?? '',
		options: options.slice(0, Math.max(last + 1, 2)),
		answer: (v.answer ?? '').split(',').filter(Boolean).map(Number),
		explanation: v.explanation ?? '',
		tags: v.tags ?? '',
		difficulty: Number(v.difficulty) || 3,
		shared: v.shared === 'on'
	};
}
