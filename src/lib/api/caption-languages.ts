// The languages a lesson's captions may be in: a list to choose from (a typed
// code was error-prone: "zh", "cn", "zh_CN"…), the languages of the
// organisation's learners first. The server accepts only these codes.
export interface CaptionLanguage {
	/** BCP 47, as <track srclang> wants it */
	code: string;
	/** the language's own name, shown to learners as the track's default label */
	native: string;
	zh: string;
	en: string;
}

export const CAPTION_LANGUAGES: readonly CaptionLanguage[] = [
	{ code: 'zh-CN', native: '简体中文', zh: '简体中文', en: 'Chinese (Simplified)' },
	{ code: 'ug', native: 'ئۇيغۇرچە', zh: '维吾尔语', en: 'Uyghur' },
	{ code: 'kk', native: 'قازاقشا', zh: '哈萨克语', en: 'Kazakh' },
	{ code: 'ky', native: 'قىرعىزچا', zh: '柯尔克孜语', en: 'Kyrgyz' },
	{ code: 'mn', native: 'Монгол', zh: '蒙古语', en: 'Mongolian' },
	{ code: 'bo', native: 'བོད་སྐད་', zh: '藏语', en: 'Tibetan' },
	{ code: 'zh-TW', native: '繁體中文', zh: '繁体中文', en: 'Chinese (Traditional)' },
	{ code: 'en', native: 'English', zh: '英语', en: 'English' },
	{ code: 'ru', native: 'Русский', zh: '俄语', en: 'Russian' }
];

export const isCaptionLanguage = (code: string): boolean =>
	CAPTION_LANGUAGES.some((l) => l.code === code);

/** The language's name in the UI language. */
export function captionLanguageName(code: string, locale: string): string {
	const l = CAPTION_LANGUAGES.find((x) => x.code === code);
	return l ? (locale.startsWith('zh') ? l.zh : l.en) : code;
}
