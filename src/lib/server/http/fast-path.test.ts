import { describe, expect, it } from 'vitest';
import { requestLocale } from './fast-path.ts';

describe('requestLocale (as the kit hooks decide)', () => {
	it('cookie first, then Accept-Language with zh* as zh-CN, else zh-CN', () => {
		expect(requestLocale('en', 'zh-CN')).toBe('en');
		expect(requestLocale(undefined, 'en-US,en;q=0.9')).toBe('en');
		expect(requestLocale(undefined, 'zh-Hans;q=0.9, en;q=0.8')).toBe('zh-CN');
		expect(requestLocale(undefined, 'fr, en;q=0.5')).toBe('en');
		expect(requestLocale('xx', undefined)).toBe('zh-CN');
	});
});
