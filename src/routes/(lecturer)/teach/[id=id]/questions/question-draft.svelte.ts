// What the question form keeps while it is being written: the kind, the
// options, the marked answer and the tags. The answer is kept beside the
// options (indexes into them), so removing an option or changing the kind
// trims the key with it.
import { m } from '$lib/paraglide/messages.js';
import type { Kind } from './labels';

export const MAX_OPTIONS = 8;

export interface DraftSeed {
	kind: Kind;
	options: string[];
	answer: number[];
	tags: string;
}

export class QuestionDraft {
	kind = $state<Kind>('single');
	options = $state<string[]>([]);
	answer = $state<number[]>([]);
	tags = $state('');
	readonly hint = $derived(
		this.kind === 'single'
			? m.bank_options_hint_single()
			: this.kind === 'multiple'
				? m.bank_options_hint_multiple()
				: m.bank_options_hint_truefalse()
	);

	constructor(initial: DraftSeed) {
		this.seed(initial);
	}

	/** From `initial` (the page's question, or what a refused submit sent back). */
	seed(initial: DraftSeed) {
		this.kind = initial.kind;
		this.options =
			initial.options.length >= 2
				? [...initial.options]
				: [...initial.options, '', '', '', ''].slice(0, 4);
		this.answer = [...initial.answer];
		this.tags = initial.tags;
	}

	setKind(k: Kind) {
		this.kind = k;
		// a single-answer type keeps only the first marked answer
		if (k !== 'multiple') this.answer = this.answer.slice(0, 1);
		if (k === 'truefalse') this.answer = this.answer.filter((a) => a < 2);
	}

	toggle(i: number, on: boolean) {
		if (this.kind === 'multiple')
			this.answer = on ? [...this.answer, i].sort() : this.answer.filter((a) => a !== i);
		else if (on) this.answer = [i];
	}

	addOption() {
		if (this.options.length < MAX_OPTIONS) this.options = [...this.options, ''];
	}

	removeLast() {
		const last = this.options.length - 1;
		this.options = this.options.slice(0, last);
		this.answer = this.answer.filter((a) => a !== last);
	}

	addTag(t: string) {
		const have = this.tags
			.split(/[,，、;；]/)
			.map((x) => x.trim())
			.filter(Boolean);
		if (!have.includes(t)) this.tags = [...have, t].join('，');
	}
}
