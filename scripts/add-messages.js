// Adds or replaces UI messages in both locales at once:
//   node scripts/add-messages.js part.json
// where part.json is { "key": { "zh-CN": "…", "en": "…" }, … }. Keys stay
// sorted, so parallel edits by different areas rarely touch the same lines.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const part = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const locale of ['zh-CN', 'en']) {
	const file = `messages/${locale}.json`;
	const all = JSON.parse(readFileSync(file, 'utf8'));
	for (const [key, texts] of Object.entries(part)) {
		if (typeof texts[locale] !== 'string') throw new Error(`${key}: no ${locale} text`);
		all[key] = texts[locale];
	}
	const { $schema, ...rest } = all;
	const sorted = Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
	const tmp = `${file}.${process.pid}.tmp`;
	writeFileSync(tmp, JSON.stringify($schema ? { $schema, ...sorted } : sorted, null, '\t') + '\n');
	renameSync(tmp, file);
}
console.log(`${Object.keys(part).length} messages written`);
