// Where media live on disk: XUEFAN_MEDIA_DIR (default data/media), with tus
// uploads in progress under uploads/ and each asset in assets/<uuid>/:
//   source          the validated original (kept for a retry of the transcode)
//   master.m3u8     written by us; <rendition>/index.m3u8 + seg_NNN.ts; poster.jpg
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config.js';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function mediaRoot(): string {
	return config().mediaDir;
}

export function uploadsDir(): string {
	return path.join(mediaRoot(), 'uploads');
}

export function assetDir(assetId: string): string {
	if (!UUID_RE.test(assetId)) throw new Error(`not an asset id: ${assetId}`);
	return path.join(mediaRoot(), 'assets', assetId);
}

export function sourcePath(assetId: string): string {
	return path.join(assetDir(assetId), 'source');
}

export async function ensureDirs(): Promise<void> {
	await mkdir(uploadsDir(), { recursive: true });
	await mkdir(path.join(mediaRoot(), 'assets'), { recursive: true });
}

/**
 * Deletes unfinished tus uploads untouched for `maxAgeMs` (each PATCH touches
 * the file), with their `.json` records; returns the upload ids removed.
 */
export async function removeStaleUploads(
	maxAgeMs = 3 * 24 * 3600_000,
	now = Date.now()
): Promise<string[]> {
	const dir = uploadsDir();
	const removed: string[] = [];
	for (const name of await readdir(dir).catch(() => [] as string[])) {
		if (name.endsWith('.json')) continue;
		const file = path.join(dir, name);
		const s = await stat(file).catch(() => null);
		if (!s || !s.isFile() || now - s.mtimeMs <= maxAgeMs) continue;
		await rm(file, { force: true });
		await rm(`${file}.json`, { force: true });
		removed.push(name);
	}
	return removed;
}

// Only these files of an asset dir are ever served, and never the source.
const SERVABLE =
	/^(?:master\.m3u8|poster\.jpg|[a-z0-9_-]{1,40}\.vtt|[a-z0-9]{1,20}\/(?:index\.m3u8|seg_\d{1,6}\.ts))$/;

/**
 * The file for a request path inside an asset, or null. Only whitelisted
 * names match, so `..`, absolute paths, encoded slashes and the source are
 * impossible by construction; the resolved path is checked once more.
 */
export function servablePath(assetId: string, rel: string): string | null {
	if (!UUID_RE.test(assetId) || !SERVABLE.test(rel)) return null;
	const dir = assetDir(assetId);
	const file = path.resolve(dir, rel);
	return file.startsWith(dir + path.sep) ? file : null;
}

export const CONTENT_TYPES: Record<string, string> = {
	'.m3u8': 'application/vnd.apple.mpegurl',
	'.ts': 'video/mp2t',
	'.jpg': 'image/jpeg',
	'.vtt': 'text/vtt; charset=utf-8'
};
