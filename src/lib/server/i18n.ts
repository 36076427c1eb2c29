// Paraglide matches Accept-Language tags exactly, so `zh`, `zh-Hans` and
// `zh-SG` would miss `zh-CN` and a later `en` would win: map every zh* to zh-CN.
export function normaliseAcceptLanguage(headers: Headers): Headers {
	const out = new Headers(headers);
	const value = headers.get('accept-language');
	if (value) {
		out.set(
			'accept-language',
			value
				.split(',')
				.map((part) => part.trim().replace(/^zh(-[A-Za-z]+)*(?=;|$)/i, 'zh-CN'))
				.join(', ')
		);
	}
	return out;
}
