import { describe, expect, it } from 'vitest';
import { normaliseAcceptLanguage } from './i18n';

const norm = (v: string) => normaliseAcceptLanguage(new Headers({ 'accept-language': v })).get('accept-language');

describe('normaliseAcceptLanguage', () => {
	it('maps every Chinese tag to zh-CN so a later en does not win', () => {
		expect(norm('zh, en;q=0.9')).toBe('zh-CN, en;q=0.9');
		expect(norm('zh-Hans-CN;q=0.8')).toBe('zh-CN;q=0.8');
	});
	it('leaves other languages alone', () => {
		expect(norm('en-US, en;q=0.9')).toBe('en-US, en;q=0.9');
	});
});
