// Reading text (lesson "rich text") is HTML typed by lecturers and shown to
// every learner, so it is cleaned with an allow-list before it is stored and
// again before it is rendered. The parsing is done by sanitize-html (widely
// used, htmlparser2-based): hand-written HTML sanitisers miss parser quirks.
// Version 2.17.5 is pinned: 2.17.6+ require Node ≥ 22.12.
import sanitizeHtml from 'sanitize-html';

export const READING_TAGS = [
	'p',
	'br',
	'strong',
	'em',
	'ul',
	'ol',
	'li',
	'h2',
	'h3',
	'h4',
	'a',
	'blockquote'
] as const;

/** Only absolute http(s) links: no javascript:, data:, protocol-relative or relative URLs. */
export function isSafeHref(href: string | undefined): href is string {
	if (!href) return false;
	try {
		const url = new URL(href.trim());
		return (
			(url.protocol === 'http:' || url.protocol === 'https:') && /^https?:\/\//i.test(href.trim())
		);
	} catch {
		return false;
	}
}

const options: sanitizeHtml.IOptions = {
	allowedTags: [...READING_TAGS],
	allowedAttributes: { a: ['href', 'rel'] },
	allowedSchemes: ['http', 'https'],
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	// Unknown tags vanish but keep their text; script/style/… lose their content too.
	disallowedTagsMode: 'discard',
	nonTextTags: [
		'script',
		'style',
		'textarea',
		'option',
		'noscript',
		'iframe',
		'object',
		'template',
		'title',
		'svg',
		'math'
	],
	transformTags: {
		// A link with an unsafe target becomes plain text (span is not allowed, its text stays).
		a: (_tag, attribs): sanitizeHtml.Tag =>
			isSafeHref(attribs.href)
				? { tagName: 'a', attribs: { href: attribs.href.trim(), rel: 'noopener' } }
				: { tagName: 'span', attribs: {} as sanitizeHtml.Attributes },
		// b/i are what pasted text often carries: keep their meaning.
		b: 'strong',
		i: 'em',
		h1: 'h2'
	}
};

/** The reading HTML reduced to the allow-list (see READING_TAGS); attributes only href/rel on links. */
export function sanitizeReading(html: string): string {
	return sanitizeHtml(html, options).trim();
}
