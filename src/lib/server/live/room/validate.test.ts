import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RoomError } from './errors.ts';
import * as v from './validate.ts';

const code = (f: () => unknown) => {
	try {
		f();
		return 'ok';
	} catch (e) {
		return e instanceof RoomError ? e.code : 'other';
	}
};

describe('chat body', () => {
	it('trims, refuses empty, non-strings and more than 500 characters (counted as characters)', () => {
		expect(v.chatBody('  你好 ')).toBe('你好');
		expect(code(() => v.chatBody('   '))).toBe('chat_empty');
		expect(code(() => v.chatBody('\u0000\u0001'))).toBe('chat_empty');
		expect(code(() => v.chatBody(42))).toBe('bad_request');
		expect(code(() => v.chatBody({ toString: () => 'x' }))).toBe('bad_request');
		expect(v.chatBody('学'.repeat(500))).toHaveLength(500);
		expect(code(() => v.chatBody('学'.repeat(501)))).toBe('chat_too_long');
		// astral characters are one character each, as in PostgreSQL
		expect(code(() => v.chatBody('😀'.repeat(500)))).toBe('ok');
		expect(code(() => v.chatBody('x'.repeat(1_000_000)))).toBe('chat_too_long');
	});

	it('anything accepted is non-empty, trimmed and ≤ 500 characters', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 700, unit: 'grapheme' }), (s) => {
				try {
					const out = v.chatBody(s);
					return out.length > 0 && out === out.trim() && v.charLength(out) <= 500;
				} catch (e) {
					return e instanceof RoomError;
				}
			})
		);
	});
});

describe('ids, polls, check-ins', () => {
	it('ids are positive safe integers only', () => {
		for (const bad of [0, -1, 1.5, '3', null, undefined, NaN, 2 ** 60])
			expect(code(() => v.id(bad))).toBe('bad_request');
		expect(v.id(7)).toBe(7);
	});

	it('a poll has 2–6 distinct non-empty options and a question', () => {
		expect(v.poll({ question: ' 选哪个？', options: ['甲', ' 乙 '] })).toEqual({
			question: '选哪个？',
			options: ['甲', '乙']
		});
		expect(code(() => v.poll({ question: '', options: ['a', 'b'] }))).toBe('poll_question');
		expect(code(() => v.poll({ question: 'q', options: ['a'] }))).toBe('poll_options');
		expect(
			code(() => v.poll({ question: 'q', options: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }))
		).toBe('poll_options');
		expect(code(() => v.poll({ question: 'q', options: ['a', 'a'] }))).toBe('poll_options');
		expect(code(() => v.poll({ question: 'q', options: ['a', 3] }))).toBe('bad_request');
		expect(code(() => v.poll({ question: 'q', options: 'ab' }))).toBe('poll_options');
	});

	it('a poll option must be an index inside the options', () => {
		expect(v.pollOption(0, 2)).toBe(0);
		for (const bad of [2, -1, 0.5, '0', null])
			expect(code(() => v.pollOption(bad, 2))).toBe('poll_option_invalid');
	});

	it('check-in seconds are whole numbers in 10–300', () => {
		expect(v.checkinSeconds(10)).toBe(10);
		expect(v.checkinSeconds(300)).toBe(300);
		for (const bad of [9, 301, 30.5, '30'])
			expect(code(() => v.checkinSeconds(bad))).toBe('checkin_seconds');
	});

	it('payloads must be plain objects', () => {
		for (const bad of [null, 1, 'x', [1]]) expect(code(() => v.object(bad))).toBe('bad_request');
	});
});
