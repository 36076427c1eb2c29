// Every page sets its own <title>: a page without one keeps the previous page's
// title after client-side navigation (the home page said 「登录 · 学帆」 after sign-in).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROUTES = path.join(import.meta.dirname);

function pages(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const full = path.join(dir, e.name);
		if (e.isDirectory()) return pages(full);
		return e.name === '+page.svelte' || e.name === '+error.svelte' ? [full] : [];
	});
}

/** The page's own markup, or that of the local components it renders (./X.svelte, ../X.svelte). */
function hasTitle(file: string, seen = new Set<string>()): boolean {
	if (seen.has(file)) return false;
	seen.add(file);
	const text = readFileSync(file, 'utf8');
	if (/<svelte:head\s*>[\s\S]*?<title[\s>]/.test(text)) return true;
	const local = [...text.matchAll(/from '(\.{1,2}\/[^']+\.svelte)'/g)].map((m) =>
		path.resolve(path.dirname(file), m[1])
	);
	return local.some((f) => hasTitle(f, seen));
}

describe('page titles', () => {
	it('every +page.svelte and +error.svelte has a <title>', () => {
		const all = pages(ROUTES);
		expect(all.length).toBeGreaterThan(30);
		expect(all.filter((f) => !hasTitle(f)).map((f) => path.relative(ROUTES, f))).toEqual([]);
	});
});
