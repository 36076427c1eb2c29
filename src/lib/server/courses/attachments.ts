// Files and text attached to courses and lessons: cover image, reading (HTML
// and PDF) and captions. Each upload is checked by size and by its first
// bytes before it is written; the old file is removed after the row changes.
import { isCaptionLanguage } from '../../api/caption-languages.ts';
import * as limits from '../../api/limits.ts';
import type { Db } from '../db/index.ts';
import { CourseError } from './errors.ts';
import { isPdf, removeStored, sniffImage, storeFile } from './files.ts';
import { sanitizeReading } from './sanitize.ts';

export const COVER_MAX = limits.files.cover;
export const PDF_MAX = limits.files.pdf;
export const VTT_MAX = limits.files.captions;
export const READING_MAX = limits.course.readingHtml;
const MB = (n: number) => n / 1024 / 1024;

/** The bytes of an uploaded form file within `max` bytes; a missing/empty file or a larger one is refused. */
async function bytesOf(file: unknown, max: number): Promise<Uint8Array> {
	if (!(file instanceof Blob) || file.size === 0) throw new CourseError('file_missing');
	if (file.size > max) throw new CourseError('file_too_large', { max: MB(max) });
	return new Uint8Array(await file.arrayBuffer());
}

/**
 * Points a row's file column at `rel` (or null) and removes the file it
 * pointed at before; a missing row removes the new file and refuses.
 */
async function swapFile(
	sql: Db,
	target: {
		table: 'courses' | 'lessons';
		column: 'cover_path' | 'reading_pdf_path';
		id: number;
		missing: 'not_found' | 'lesson_not_found';
	},
	rel: string | null
): Promise<void> {
	const { table, column, id } = target;
	const [old] = await sql<{ path: string | null }[]>`
		update ${sql(table)} t set ${sql(column)} = ${rel}, updated_at = now()
		from (select ${sql(column)} as path from ${sql(table)} where id = ${id}) o
		where t.id = ${id} returning o.path`;
	if (!old) {
		await removeStored(rel);
		throw new CourseError(target.missing);
	}
	await removeStored(old.path);
}

const cover = (courseId: number) =>
	({ table: 'courses', column: 'cover_path', id: courseId, missing: 'not_found' }) as const;
const readingPdf = (lessonId: number) =>
	({
		table: 'lessons',
		column: 'reading_pdf_path',
		id: lessonId,
		missing: 'lesson_not_found'
	}) as const;

export async function setCover(sql: Db, courseId: number, file: unknown): Promise<void> {
	const bytes = await bytesOf(file, COVER_MAX);
	const type = sniffImage(bytes);
	if (!type) throw new CourseError('image_type');
	await swapFile(sql, cover(courseId), await storeFile('covers', `c${courseId}`, type, bytes));
}

/** Removing an absent course's cover is a no-op, as before. */
export const removeCover = (sql: Db, courseId: number) =>
	swapFile(sql, cover(courseId), null).catch((e) => {
		if (!(e instanceof CourseError && e.code === 'not_found')) throw e;
	});

/** Stores the reading text, sanitised (see sanitize.ts). */
export async function setReadingHtml(sql: Db, lessonId: number, html: unknown): Promise<string> {
	const raw = typeof html === 'string' ? html : '';
	if (raw.length > READING_MAX) throw new CourseError('reading_too_long', { max: READING_MAX });
	const clean = sanitizeReading(raw);
	if (clean.length > READING_MAX) throw new CourseError('reading_too_long', { max: READING_MAX });
	const rows =
		await sql`update lessons set reading_html = ${clean}, updated_at = now() where id = ${lessonId} returning id`;
	if (!rows.length) throw new CourseError('lesson_not_found');
	return clean;
}

export async function setReadingPdf(sql: Db, lessonId: number, file: unknown): Promise<void> {
	const bytes = await bytesOf(file, PDF_MAX);
	if (!isPdf(bytes)) throw new CourseError('pdf_type');
	await swapFile(
		sql,
		readingPdf(lessonId),
		await storeFile('readings', `l${lessonId}`, 'pdf', bytes)
	);
}

export const removeReadingPdf = (sql: Db, lessonId: number) =>
	swapFile(sql, readingPdf(lessonId), null);

export const CAPTION_LANG = /^[a-z]{2}(-[A-Za-z]{2,4})?$/;

/** Checks a WebVTT file: UTF-8, starts with "WEBVTT" (after an optional BOM) then a space, tab or line end. */
export function checkVtt(bytes: Uint8Array): string {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new CourseError('vtt_encoding');
	}
	text = text.replace(/^\uFEFF/, '');
	if (!/^WEBVTT(?:[ \t\r\n]|$)/.test(text)) throw new CourseError('vtt_type');
	return text;
}

/** Adds (or replaces) the lesson's captions in one language. */
export async function setCaption(
	sql: Db,
	lessonId: number,
	input: { lang: unknown; label: unknown; file: unknown }
): Promise<void> {
	const lang = typeof input.lang === 'string' ? input.lang.trim() : '';
	// Only a language of the list (the form's choices); CAPTION_LANG still reads older rows' files.
	if (!CAPTION_LANG.test(lang) || !isCaptionLanguage(lang)) throw new CourseError('caption_lang');
	const label = typeof input.label === 'string' ? input.label.normalize('NFC').trim() : '';
	if (label.length < 1 || label.length > limits.course.captionLabel)
		throw new CourseError('caption_label', { max: limits.course.captionLabel });
	const text = checkVtt(await bytesOf(input.file, VTT_MAX));
	const [lesson] = await sql`select 1 from lessons where id = ${lessonId}`;
	if (!lesson) throw new CourseError('lesson_not_found');
	const rel = await storeFile(
		'captions',
		`l${lessonId}-${lang}`,
		'vtt',
		new TextEncoder().encode(text)
	);
	const [old] = await sql<
		{ path: string }[]
	>`select path from lesson_captions where lesson_id = ${lessonId} and lang = ${lang}`;
	await sql`
		insert into lesson_captions (lesson_id, lang, label, path) values (${lessonId}, ${lang}, ${label}, ${rel})
		on conflict (lesson_id, lang) do update set label = excluded.label, path = excluded.path`;
	if (old) await removeStored(old.path);
}

export async function removeCaption(sql: Db, lessonId: number, lang: string): Promise<void> {
	const [old] = await sql<{ path: string }[]>`
		delete from lesson_captions where lesson_id = ${lessonId} and lang = ${lang} returning path`;
	if (old) await removeStored(old.path);
}
