import { describe, expect, it } from 'vitest';
import { checkDay, checkHours, normaliseDay, parseEnteredSource } from './checks.ts';
import { sniffAttachment } from './attachments.ts';

describe('entry checks', () => {
	it('hours: positive, two decimals, within the limit', () => {
		expect(checkHours('12.5', 200)).toEqual({ ok: true, value: 12.5 });
		expect(checkHours('１２', 200)).toEqual({ ok: true, value: 12 }); // full-width digits
		expect(checkHours('1.50', 200)).toEqual({ ok: true, value: 1.5 });
		expect(checkHours('200', 200).ok).toBe(true);
		for (const [raw, code] of [
			['', 'required'],
			['abc', 'not_number'],
			['1e3', 'not_number'],
			['-1', 'not_positive'],
			['0', 'not_positive'],
			['200.01', 'too_many'],
			['1.005', 'precision']
		])
			expect(checkHours(raw, 200)).toMatchObject({ ok: false, code });
	});

	it('days: the spellings Excel users type, real calendar days, 2000 to today', () => {
		expect(normaliseDay('2024/3/5')).toBe('2024-03-05');
		expect(normaliseDay('2024年3月5日')).toBe('2024-03-05');
		expect(normaliseDay('2024.03.05')).toBe('2024-03-05');
		expect(normaliseDay('2023-02-29')).toBeNull();
		expect(normaliseDay('5/3/2024')).toBeNull();
		expect(checkDay('2026-12-04', '2026-12-04').ok).toBe(true);
		expect(checkDay('2026-12-05', '2026-12-04')).toMatchObject({ code: 'date_future' });
		expect(checkDay('1999-12-31', '2026-12-04')).toMatchObject({ code: 'date_too_early' });
	});

	it('kinds in Chinese or English', () => {
		expect(parseEnteredSource('异地培训')).toBe('out_of_region');
		expect(parseEnteredSource(' 挂职锻炼 ')).toBe('secondment');
		expect(parseEnteredSource('Out-of-region')).toBe('out_of_region');
		expect(parseEnteredSource('手工录入')).toBe('manual');
		expect(parseEnteredSource('course')).toBeNull();
	});

	it('attachments by their first bytes only', () => {
		const enc = (s: string) => new TextEncoder().encode(s);
		expect(sniffAttachment(enc('%PDF-1.7 …'))).toBe('pdf');
		expect(sniffAttachment(new Uint8Array([0xff, 0xd8, 0xff, 0xdb]))).toBe('jpg');
		expect(sniffAttachment(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
			'png'
		);
		expect(sniffAttachment(enc('RIFF0000WEBPVP8 '))).toBeNull(); // webp is no certificate scan here
		expect(sniffAttachment(enc(' %PDF-1.7'))).toBeNull();
		expect(sniffAttachment(enc('<html>'))).toBeNull();
	});
});
