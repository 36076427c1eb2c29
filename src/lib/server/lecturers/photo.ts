// Lecturer photos: JPEG or PNG by their first bytes (not by name or by what
// the browser claims), stored under the media dir as lecturers/<name>.<ext>;
// the database keeps the relative path.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as limits from '../../api/limits.ts';
import { config } from '../config.js';

export type PhotoType = 'jpg' | 'png';

export function sniffPhoto(b: Uint8Array): PhotoType | null {
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
	const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	if (b.length >= 8 && png.every((v, i) => b[i] === v)) return 'png';
	return null;
}

/** Why the bytes cannot be a photo, or null when they can. */
export function photoProblem(bytes: Uint8Array): 'bad_photo' | 'photo_too_large' | null {
	if (bytes.length > limits.lecturer.photo) return 'photo_too_large';
	return sniffPhoto(bytes) ? null : 'bad_photo';
}

const STORED = /^lecturers\/[a-z0-9-]+\.(jpg|png)$/;

function resolvePhoto(rel: string | null | undefined): string | null {
	if (!rel || !STORED.test(rel)) return null;
	return path.join(config().mediaDir, rel);
}

/** Writes the photo (written then renamed: no reader sees half a file); returns its relative path. */
export async function storePhoto(lecturerId: number, bytes: Uint8Array): Promise<string> {
	const type = sniffPhoto(bytes);
	if (!type) throw new Error('not a JPEG or PNG');
	const rel = `lecturers/${lecturerId}-${randomBytes(8).toString('hex')}.${type}`;
	const abs = path.join(config().mediaDir, rel);
	await mkdir(path.dirname(abs), { recursive: true });
	await writeFile(`${abs}.tmp`, bytes);
	await rename(`${abs}.tmp`, abs);
	return rel;
}

export async function removePhoto(rel: string | null | undefined): Promise<void> {
	const abs = resolvePhoto(rel);
	if (abs) await rm(abs, { force: true });
}

export async function readPhoto(
	rel: string | null | undefined
): Promise<{ bytes: Buffer; type: string } | null> {
	const abs = resolvePhoto(rel);
	if (!abs) return null;
	try {
		const bytes = await readFile(abs);
		return { bytes, type: rel!.endsWith('.png') ? 'image/png' : 'image/jpeg' };
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw e;
	}
}
