// The kinds of question a quiz draws or lists, with their labels.
import { m } from '$lib/paraglide/messages.js';

export const kinds = [
	{ value: 'single', label: () => m.quiz_kind_single() },
	{ value: 'multiple', label: () => m.quiz_kind_multiple() },
	{ value: 'truefalse', label: () => m.quiz_kind_truefalse() }
] as const;

export const kindLabel = (k: string) => kinds.find((x) => x.value === k)?.label() ?? k;
