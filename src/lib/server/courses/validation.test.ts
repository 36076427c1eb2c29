import { describe, expect, it } from 'vitest';
import { isCategory, CATEGORIES } from './categories.ts';
import { CourseError } from './errors.ts';
import { isPdf, resolveStored, sniffImage } from './files.ts';
import { checkVtt } from './attachments.ts';
import { checkCourseInput, checkSettings, checkTitle, parseDecimal } from './validation.ts';

const code = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		if (e instanceof CourseError) return e.code;
		throw e;
	}
	return null;
};

describe('course input', () => {
	it('normalises titles and refuses empty or long ones', () => {
		expect(checkTitle('  a \n b  ')).toBe('a b');
		expect(code(() => checkTitle(' \t '))).toBe('title_empty');
		expect(code(() => checkTitle(undefined))).toBe('title_empty');
		expect(checkTitle('字'.repeat(200))).toHaveLength(200);
		expect(code(() => checkTitle('字'.repeat(201)))).toBe('title_too_long');
	});

	it('knows exactly the nine categories', () => {
		expect(CATEGORIES).toHaveLength(9);
		expect(isCategory('theory')).toBe(true);
		expect(isCategory('Theory')).toBe(false);
		expect(code(() => checkCourseInput({ title: 't', category: '' }))).toBe('category_invalid');
		expect(checkCourseInput({ title: 't', description: ' d\r\n ', category: 'rural' })).toEqual({
			title: 't',
			description: 'd',
			category: 'rural'
		});
	});

	it('settings: ratio 0.5–1.0, rate 1.0–2.0, presence on/off', () => {
		expect(
			checkSettings({ completionRatio: '0.5', maxCreditedRate: '2', presenceCheck: 'on' })
		).toEqual({ completionRatio: 0.5, maxCreditedRate: 2, presenceCheck: true });
		expect(
			checkSettings({ completionRatio: '1', maxCreditedRate: '1.0', presenceCheck: null })
		).toEqual({ completionRatio: 1, maxCreditedRate: 1, presenceCheck: false });
		for (const r of ['0.49', '1.01', '-1', '', 'NaN', '1e0', '0x1']) {
			expect(
				code(() => checkSettings({ completionRatio: r, maxCreditedRate: '1', presenceCheck: '' })),
				r
			).toBe('ratio_invalid');
		}
		for (const r of ['0.99', '2.01', '3', ' ']) {
			expect(
				code(() =>
					checkSettings({ completionRatio: '0.9', maxCreditedRate: r, presenceCheck: '' })
				),
				r
			).toBe('rate_invalid');
		}
		expect(parseDecimal(' 0.95 ')).toBe(0.95);
	});
});

describe('file checks', () => {
	it('recognises images by their first bytes', () => {
		expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe('jpg');
		expect(sniffImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
			'png'
		);
		expect(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
		expect(sniffImage(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
		expect(sniffImage(new TextEncoder().encode('<svg onload=alert(1)>'))).toBeNull();
		expect(sniffImage(new Uint8Array([0xff, 0xd8]))).toBeNull();
	});

	it('recognises PDFs and WebVTT', () => {
		expect(isPdf(new TextEncoder().encode('%PDF-1.7'))).toBe(true);
		expect(isPdf(new TextEncoder().encode(' %PDF-1.7'))).toBe(false);
		expect(checkVtt(new TextEncoder().encode('WEBVTT'))).toBe('WEBVTT');
		expect(checkVtt(new TextEncoder().encode('\uFEFFWEBVTT - 标题\n'))).toBe('WEBVTT - 标题\n');
		expect(code(() => checkVtt(new TextEncoder().encode('WEBVTTX\n')))).toBe('vtt_type');
		expect(code(() => checkVtt(new TextEncoder().encode('<html>')))).toBe('vtt_type');
		expect(
			code(() => checkVtt(new Uint8Array([0x57, 0x45, 0x42, 0x56, 0x54, 0x54, 0x0a, 0xc3])))
		).toBe('vtt_encoding');
	});

	it('resolves only our own stored paths', () => {
		expect(resolveStored('covers/c1-abcdef.png')).toMatch(/covers\/c1-abcdef\.png$/);
		expect(resolveStored('../etc/passwd')).toBeNull();
		expect(resolveStored('covers/../../x.png')).toBeNull();
		expect(resolveStored('hls/x.vtt')).toBeNull();
		expect(resolveStored(null)).toBeNull();
	});
});
