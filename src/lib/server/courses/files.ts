// Course files on disk (covers, reading PDFs, captions) under
// XUEFAN_MEDIA_DIR (default data/media), beside the media engineer's HLS
// output. The database stores paths relative to that directory.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config.js';

export type FileKind = 'covers' | 'readings' | 'captions';

export function mediaDir(): string {
	return config().mediaDir;
}

const STORED = /^(covers|readings|captions)\/[A-Za-z0-9_-]+\.(jpg|png|webp|pdf|vtt)$/;

/** The absolute path of a stored file; null for anything that is not one of ours (no traversal). */
export function resolveStored(rel: string | null | undefined): string | null {
	if (!rel || !STORED.test(rel)) return null;
	return path.join(mediaDir(), rel);
}

export type ImageType = 'jpg' | 'png' | 'webp';

/** The image type by its first bytes (what the file is, not what it is called). */
export function sniffImage(bytes: Uint8Array): ImageType | null {
	const b = bytes;
	if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpg';
	if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v))
		return 'png';
	const ascii = (from: number, to: number) => Buffer.from(b.subarray(from, to)).toString('latin1');
	if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
	return null;
}

/** A PDF starts with "%PDF-" (some writers put a little junk first; we do not accept that). */
export function isPdf(bytes: Uint8Array): boolean {
	return bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}

export const CONTENT_TYPES: Record<string, string> = {
	jpg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	pdf: 'application/pdf',
	vtt: 'text/vtt; charset=utf-8'
};

export function contentTypeOf(rel: string): string {
	return CONTENT_TYPES[rel.slice(rel.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

/** Writes a new file (unique name, written then renamed so no reader sees half a file); returns its relative path. */
export async function storeFile(
	kind: FileKind,
	prefix: string,
	ext: string,
	bytes: Uint8Array
): Promise<string> {
	const rel = `${kind}/${prefix}-${randomBytes(8).toString('hex')}.${ext}`;
	const abs = path.join(mediaDir(), rel);
	await mkdir(path.dirname(abs), { recursive: true });
	const tmp = `${abs}.tmp`;
	await writeFile(tmp, bytes);
	await rename(tmp, abs);
	return rel;
}

export async function removeStored(rel: string | null | undefined): Promise<void> {
	const abs = resolveStored(rel);
	if (abs) await rm(abs, { force: true });
}

export async function readStored(rel: string | null | undefined): Promise<Buffer | null> {
	const abs = resolveStored(rel);
	if (!abs) return null;
	try {
		return await readFile(abs);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw e;
	}
}
