import { describe, expect, it } from 'vitest';
import { normaliseAcceptLanguage, requestLocale } from './locale.ts';

describe('requestLocale (paraglide: cookie → Accept-Language → zh-CN)', () => {
	it('decides alike for web and node headers', () => {
		expect(
			requestLocale(new Headers({ cookie: 'PARAGLIDE_LOCALE=en', 'accept-language': 'zh-CN' }))
		).toBe('en');
		expect(requestLocale({ 'accept-language': 'en-US,en;q=0.9' })).toBe('en');
		expect(requestLocale({ 'accept-language': 'zh-Hans;q=0.9, en;q=0.8' })).toBe('zh-CN');
		expect(requestLocale({ 'accept-language': 'zh' })).toBe('zh-CN');
		expect(requestLocale({ 'accept-language': 'fr, en;q=0.5' })).toBe('en');
		expect(requestLocale({ cookie: 'PARAGLIDE_LOCALE=xx' })).toBe('zh-CN');
		expect(requestLocale({})).toBe('zh-CN');
	});
});

const norm = (v: string) =>
	normaliseAcceptLanguage(new Headers({ 'accept-language': v })).get('accept-language');

describe('normaliseAcceptLanguage', () => {
	it('maps every Chinese tag to zh-CN so a later en does not win', () => {
		expect(norm('zh, en;q=0.9')).toBe('zh-CN, en;q=0.9');
		expect(norm('zh-Hans-CN;q=0.8')).toBe('zh-CN;q=0.8');
	});
	it('leaves other languages alone', () => {
		expect(norm('en-US, en;q=0.9')).toBe('en-US, en;q=0.9');
	});
});
