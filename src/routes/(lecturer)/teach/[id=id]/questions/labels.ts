// Labels the bank pages share (client-safe).
import { m } from '$lib/paraglide/messages.js';

export type Kind = 'single' | 'multiple' | 'truefalse';
export const KINDS: Kind[] = ['single', 'multiple', 'truefalse'];

export const kindLabel = (k: string) =>
	k === 'single'
		? m.bank_kind_single()
		: k === 'multiple'
			? m.bank_kind_multiple()
			: m.bank_kind_truefalse();

const DIFFICULTY = [
	m.bank_difficulty_1,
	m.bank_difficulty_2,
	m.bank_difficulty_3,
	m.bank_difficulty_4,
	m.bank_difficulty_5
];
export const difficultyLabel = (d: number) => DIFFICULTY[d - 1]?.() ?? String(d);
export const DIFFICULTIES = [1, 2, 3, 4, 5];

export const letter = (i: number) => String.fromCharCode(65 + i);
