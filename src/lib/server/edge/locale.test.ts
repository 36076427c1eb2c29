import { describe, expect, it } from 'vitest';
import { requestLocale } from './locale.ts';

describe('requestLocale (paraglide: cookie → Accept-Language → zh-CN)', () => {
	it('decides alike for web and node headers', () => {
		expect(requestLocale(new Headers({ cookie: 'PARAGLIDE_LOCALE=en', 'accept-language': 'zh-CN' }))).toBe('en');
		expect(requestLocale({ 'accept-language': 'en-US,en;q=0.9' })).toBe('en');
		expect(requestLocale({ 'accept-language': 'zh-Hans;q=0.9, en;q=0.8' })).toBe('zh-CN');
		expect(requestLocale({ 'accept-language': 'zh' })).toBe('zh-CN');
		expect(requestLocale({ 'accept-language': 'fr, en;q=0.5' })).toBe('en');
		expect(requestLocale({ cookie: 'PARAGLIDE_LOCALE=xx' })).toBe('zh-CN');
		expect(requestLocale({})).toBe('zh-CN');
	});
});
