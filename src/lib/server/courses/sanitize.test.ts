import { describe, expect, it } from 'vitest';
import { isSafeHref, sanitizeReading } from './sanitize.ts';

describe('sanitizeReading', () => {
	it('keeps the allowed structure', () => {
		const html =
			'<h2>标题</h2><p>一段<strong>重点</strong>和<em>强调</em><br></p><ul><li>一</li></ul><ol><li>二</li></ol><blockquote>引文</blockquote><h3>x</h3><h4>y</h4>';
		expect(sanitizeReading(html)).toBe(
			'<h2>标题</h2><p>一段<strong>重点</strong>和<em>强调</em><br /></p><ul><li>一</li></ul><ol><li>二</li></ol><blockquote>引文</blockquote><h3>x</h3><h4>y</h4>'
		);
	});

	it('removes scripts, styles and their content', () => {
		const out = sanitizeReading(
			'<p>a</p><script>alert(1)</script><style>p{color:red}</style><p>b</p>'
		);
		expect(out).toBe('<p>a</p><p>b</p>');
		expect(out).not.toMatch(/alert|color/);
	});

	it('removes event handlers and every other attribute', () => {
		const out = sanitizeReading(
			'<p onclick="x()" style="color:red" class="c" id="i">t</p><img src=x onerror="alert(1)"><strong onmouseover=y>s</strong>'
		);
		expect(out).toBe('<p>t</p><strong>s</strong>');
		expect(out).not.toMatch(/onerror|onclick|onmouseover|img|style/);
	});

	it('drops javascript:, data: and relative links but keeps the text', () => {
		for (const href of [
			'javascript:alert(1)',
			' JaVaScRiPt:alert(1)',
			'java\tscript:alert(1)',
			'data:text/html,<script>x</script>',
			'/local',
			'//evil.example/x',
			'vbscript:x'
		]) {
			const out = sanitizeReading(`<p><a href="${href}">点我</a></p>`);
			expect(out, href).toBe('<p>点我</p>');
		}
	});

	it('keeps http(s) links with rel=noopener, dropping target and other attributes', () => {
		expect(
			sanitizeReading(
				'<a href="https://www.gov.cn/x?a=1&b=2" target="_blank" rel="opener" onclick="x">链接</a>'
			)
		).toBe('<a href="https://www.gov.cn/x?a=1&amp;b=2" rel="noopener">链接</a>');
		expect(sanitizeReading('<a href="http://example.com">e</a>')).toBe(
			'<a href="http://example.com" rel="noopener">e</a>'
		);
	});

	it('unwraps unknown tags, keeping their text, and neutralises markup tricks', () => {
		expect(sanitizeReading('<div><span>文字</span></div>')).toBe('文字');
		expect(
			sanitizeReading('<iframe src="https://x"></iframe><svg><script>alert(1)</script></svg>ok')
		).toBe('ok');
		expect(sanitizeReading('<p>1 &lt; 2 <!-- c --></p>')).toBe('<p>1 &lt; 2 </p>');
		expect(sanitizeReading('<scr<script>ipt>alert(1)</script>')).not.toMatch(/<script/i);
	});

	it('maps b, i and h1 to their allowed equivalents', () => {
		expect(sanitizeReading('<h1>T</h1><b>B</b><i>I</i>')).toBe(
			'<h2>T</h2><strong>B</strong><em>I</em>'
		);
	});
});

describe('isSafeHref', () => {
	it('accepts only absolute http(s)', () => {
		expect(isSafeHref('https://a.b/c')).toBe(true);
		expect(isSafeHref('HTTP://A.B')).toBe(true);
		expect(isSafeHref('ftp://a.b')).toBe(false);
		expect(isSafeHref('mailto:a@b')).toBe(false);
		expect(isSafeHref('')).toBe(false);
		expect(isSafeHref(undefined)).toBe(false);
	});
});
