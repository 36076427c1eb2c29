// Scanned certificates attached to ledger entries, under the media dir
// (XUEFAN_MEDIA_DIR) in certificates/. What a file is comes from its first
// bytes (a PDF, a JPEG or a PNG), never from its name. The database keeps the
// path relative to the media dir; only paths of this shape are ever read.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config.js';
import { isPdf, sniffImage } from '../courses/files.ts';

export type AttachmentType = 'pdf' | 'jpg' | 'png';

const STORED = /^certificates\/[0-9a-f]{32}\.(pdf|jpg|png)$/;

export const ATTACHMENT_TYPES: Record<AttachmentType, string> = {
	pdf: 'application/pdf',
	jpg: 'image/jpeg',
	png: 'image/png'
};

export function sniffAttachment(bytes: Uint8Array): AttachmentType | null {
	if (isPdf(bytes)) return 'pdf';
	const image = sniffImage(bytes);
	return image === 'jpg' || image === 'png' ? image : null;
}

function resolve(rel: string | null | undefined): string | null {
	if (!rel || !STORED.test(rel)) return null;
	return path.join(config().mediaDir, rel);
}

/** Writes the file (to a temporary name, then renamed); returns its relative path. */
export async function storeAttachment(bytes: Uint8Array, type: AttachmentType): Promise<string> {
	const rel = `certificates/${randomBytes(16).toString('hex')}.${type}`;
	const abs = resolve(rel)!;
	await mkdir(path.dirname(abs), { recursive: true });
	await writeFile(`${abs}.tmp`, bytes);
	await rename(`${abs}.tmp`, abs);
	return rel;
}

export async function removeAttachment(rel: string | null | undefined): Promise<void> {
	const abs = resolve(rel);
	if (abs) await rm(abs, { force: true });
}

export async function readAttachment(
	rel: string | null | undefined
): Promise<{ bytes: Buffer; type: string } | null> {
	const abs = resolve(rel);
	if (!abs) return null;
	try {
		const bytes = await readFile(abs);
		return {
			bytes,
			type: ATTACHMENT_TYPES[rel!.slice(rel!.lastIndexOf('.') + 1) as AttachmentType]
		};
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw e;
	}
}
