import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeCsv } from './decode.ts';

const text = '工号,姓名\r\nA01,张伟\r\n';
// GBK bytes of "工号,姓名\r\nA01,张伟\r\n", as written by iconv -t GBK.
const gbk = Uint8Array.from([
	0xb9, 0xa4, 0xba, 0xc5, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0d, 0x0a, 0x41, 0x30, 0x31, 0x2c, 0xd5,
	0xc5, 0xce, 0xb0, 0x0d, 0x0a
]);

describe('decodeCsv', () => {
	it('reads UTF-8 with and without BOM', () => {
		const utf8 = new TextEncoder().encode(text);
		expect(decodeCsv(utf8)).toEqual({ text, encoding: 'utf-8' });
		const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]);
		expect(decodeCsv(bom)).toEqual({ text, encoding: 'utf-8' });
	});

	it('reads UTF-16 LE and BE by their BOMs', () => {
		const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		expect(decodeCsv(le)).toEqual({ text, encoding: 'utf-16le' });
		const be = Buffer.from(Buffer.from(text, 'utf16le')).swap16();
		expect(decodeCsv(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({
			text,
			encoding: 'utf-16be'
		});
	});

	it('falls back to GB18030 for GBK bytes (Chinese Excel CSV)', () => {
		expect(decodeCsv(gbk)).toEqual({ text, encoding: 'gb18030' });
	});

	it('agrees with the system iconv on GBK text with rarer characters', () => {
		const sample = '李堃喆,古丽娜尔·艾买提,昌吉州／呼图壁县,“党校”,—…,镕';
		let bytes: Buffer;
		try {
			bytes = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: sample });
		} catch {
			return; // no iconv on this machine: the fixed bytes above still cover GBK
		}
		expect(decodeCsv(bytes).text).toBe(sample);
	});

	it('never throws on arbitrary bytes', () => {
		const bytes = Uint8Array.from({ length: 512 }, (_, i) => (i * 131) % 256);
		expect(typeof decodeCsv(bytes).text).toBe('string');
	});
});
