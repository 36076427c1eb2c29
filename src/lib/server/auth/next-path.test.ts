import { describe, expect, it } from 'vitest';
import { currentPath, loginPath, safeNext } from './next-path';

describe('safeNext', () => {
	it('keeps same-site relative paths', () => {
		expect(safeNext('/admin/units?q=呼图壁#x')).toBe(
			'/admin/units?q=%E5%91%BC%E5%9B%BE%E5%A3%81#x'
		);
		expect(safeNext('/unit')).toBe('/unit');
	});

	it('refuses anything that could leave the site', () => {
		for (const bad of [
			'//evil.example',
			'///evil.example',
			'/\\evil.example',
			'\\\\evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/.//evil.example',
			'/%2e//evil.example',
			'https://evil.example/',
			'javascript:alert(1)',
			'evil.example',
			'',
			null,
			undefined,
			42
		]) {
			const out = safeNext(bad);
			expect(out, String(bad)).toMatch(/^\/(?!\/)/);
			expect(new URL(out, 'https://xuefan.example').origin).toBe('https://xuefan.example');
		}
		expect(safeNext('//evil.example', '/fallback')).toBe('/fallback');
	});
});

describe('login redirects', () => {
	it('come back to the page asked for, without form-action queries', () => {
		expect(loginPath(new URL('http://x/admin/people?q=1'))).toBe(
			'/login?next=%2Fadmin%2Fpeople%3Fq%3D1'
		);
		expect(currentPath(new URL('http://x/admin/units?/create'))).toBe('/admin/units');
		expect(loginPath(new URL('http://x/'))).toBe('/login');
		expect(loginPath(new URL('http://x/logout'))).toBe('/login');
		expect(loginPath()).toBe('/login');
	});
});
