// What the bank pages share: the question form's fields → a RawQuestion,
// a question id from the route, a question as its lecturer sees it, and the
// list's filters from the URL.
import * as limits from '$lib/api/limits';
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import {
	isKind,
	MAX_OPTIONS,
	parseTags,
	type BankRow,
	type BankSearch,
	type RawQuestion
} from '$lib/server/quiz/bank';
import { parseId } from '$lib/api/ids';
import { text } from '../../teach.server';

/** Form fields: kind, stem, option0…option7, answer (repeated option ids), explanation, tags, difficulty, shared. */
export function readQuestionForm(form: FormData): {
	raw: RawQuestion;
	values: Record<string, string>;
} {
	const kind = text(form, 'kind');
	const options = Array.from({ length: MAX_OPTIONS }, (_, i) => text(form, `option${i}`));
	const answer = form
		.getAll('answer')
		.map((v) => (typeof v === 'string' && /^[0-9]$/.test(v) ? Number(v) : -1));
	const difficulty = /^[1-5]$/.test(text(form, 'difficulty'))
		? Number(text(form, 'difficulty'))
		: null;
	const raw: RawQuestion = {
		kind,
		stem: text(form, 'stem'),
		// true/false options are fixed; fields left over from another type are ignored
		options: kind === 'truefalse' ? [] : options,
		answer,
		explanation: text(form, 'explanation'),
		tags: parseTags(text(form, 'tags')),
		difficulty,
		shared: text(form, 'shared') === 'on'
	};
	// echoed back on a refusal so nothing typed is lost
	const values: Record<string, string> = {
		kind,
		stem: raw.stem,
		explanation: raw.explanation,
		tags: text(form, 'tags'),
		difficulty: text(form, 'difficulty'),
		shared: raw.shared ? 'on' : '',
		answer: answer.filter((a) => a >= 0).join(',')
	};
	options.forEach((o, i) => (values[`option${i}`] = o));
	return { raw, values };
}

export function questionIdOf(params: { questionId?: string }): number {
	const id = parseId(params.questionId);
	if (id === null) error(404, m.bank_not_found());
	return id;
}

/** A bank question for its course's lecturer: their own bank, so the key is shown to them on purpose. */
export function lecturerQuestion(q: BankRow) {
	return {
		id: q.id,
		kind: q.kind,
		stem: q.stem,
		options: q.options,
		answer: q.answer,
		explanation: q.explanation,
		tags: q.tags,
		difficulty: q.difficulty,
		shared: q.shared,
		archived: q.archived
	};
}

export const PAGE_SIZE = 20;

export interface Filters {
	q: string;
	tag: string;
	kind: string;
	difficulty: string;
	archived: boolean;
	page: number;
}

export function readFilters(url: URL): { filters: Filters; search: BankSearch } {
	const p = url.searchParams;
	const q = (p.get('q') ?? '').trim().slice(0, 100);
	const tag = (p.get('tag') ?? '').trim().slice(0, limits.question.tag);
	const kindText = p.get('kind') ?? '';
	const kind = isKind(kindText) ? kindText : undefined;
	const difficulty = /^[1-5]$/.test(p.get('difficulty') ?? '')
		? Number(p.get('difficulty'))
		: undefined;
	const archived = p.get('archived') === '1';
	const page = Math.min(Math.max(Number.parseInt(p.get('page') ?? '1', 10) || 1, 1), 10_000);
	return {
		filters: {
			q,
			tag,
			kind: kind ?? '',
			difficulty: difficulty ? String(difficulty) : '',
			archived,
			page
		},
		search: {
			text: q || undefined,
			tag: tag || undefined,
			kind,
			difficulty,
			archived,
			limit: PAGE_SIZE,
			offset: (page - 1) * PAGE_SIZE
		}
	};
}
