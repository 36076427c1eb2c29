// media_assets rows: the life of one upload (uploaded → validated →
// transcoding → ready | failed) and the lessons that use it.
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import type { ProbeInfo } from './probe.ts';
import type { Rendition } from './transcode.ts';

export type AssetStatus = 'uploaded' | 'validated' | 'transcoding' | 'ready' | 'failed';

export interface Asset {
	id: string;
	status: AssetStatus;
	originalName: string;
	sizeBytes: number;
	durationSeconds: number | null;
	width: number | null;
	height: number | null;
	hasAudio: boolean;
	renditions: Rendition[];
	progress: number;
	error: string | null;
	uploadedBy: number | null;
}

export async function getAsset(sql: Db, id: string): Promise<Asset | null> {
	const [row] = await sql`
		select id, status, original_name, size_bytes, duration_seconds::float8 as duration, width, height, has_audio,
			renditions, progress::float8 as progress, error, uploaded_by
		from media_assets where id = ${id}`;
	if (!row) return null;
	return {
		id: row.id,
		status: row.status,
		originalName: row.original_name,
		sizeBytes: Number(row.size_bytes),
		durationSeconds: row.duration,
		width: row.width,
		height: row.height,
		hasAudio: row.has_audio,
		renditions: row.renditions,
		progress: row.progress,
		error: row.error,
		uploadedBy: row.uploaded_by
	};
}

export async function createAsset(
	sql: Db,
	a: { originalName: string; sizeBytes: number; uploadedBy: number | null }
): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into media_assets (original_name, size_bytes, uploaded_by)
		values (${a.originalName.slice(0, 255)}, ${a.sizeBytes}, ${a.uploadedBy})
		returning id`;
	return row.id;
}

export async function markValidated(sql: Db, id: string, info: ProbeInfo): Promise<void> {
	await sql`
		update media_assets set status = 'validated', duration_seconds = ${info.duration.toFixed(3)}, width = ${info.width},
			height = ${info.height}, has_audio = ${info.hasAudio}, progress = 0, error = null, updated_at = now()
		where id = ${id}`;
}

/** Back to the queue (a retry, or a job cut short by a shutdown). */
export async function markQueued(
	sql: Db,
	id: string,
	error: string | null = null,
	onlyFrom?: AssetStatus
): Promise<void> {
	await sql`
		update media_assets set status = 'validated', progress = 0, error = ${error}, updated_at = now()
		where id = ${id} ${onlyFrom ? sql`and status = ${onlyFrom}` : sql``}`;
}

export async function markTranscoding(sql: Db, id: string): Promise<void> {
	await sql`update media_assets set status = 'transcoding', progress = 0, error = null, updated_at = now() where id = ${id}`;
}

export async function setProgress(sql: Db, id: string, progress: number): Promise<void> {
	const p = Math.max(0, Math.min(100, Math.round(progress * 100) / 100));
	await sql`update media_assets set progress = ${p}, updated_at = now() where id = ${id} and status = 'transcoding'`;
}

/** Ready: and every lesson using the asset gets its duration (progress accounting needs it per lesson). */
export async function markReady(sql: Db, id: string, renditions: Rendition[]): Promise<void> {
	await inTransaction(sql, async (tx) => {
		const [row] = await tx<{ duration: number }[]>`
			update media_assets set status = 'ready', progress = 100, error = null, renditions = ${tx.json(renditions as never)}, updated_at = now()
			where id = ${id} returning duration_seconds::float8 as duration`;
		if (row) {
			await tx`update lessons set duration_seconds = ${Math.max(1, Math.round(row.duration))}, updated_at = now() where media_id = ${id}`;
		}
	});
}

export async function markFailed(sql: Db, id: string, error: string): Promise<void> {
	await sql`update media_assets set status = 'failed', error = ${error.slice(0, 2000)}, updated_at = now() where id = ${id}`;
}

export async function deleteAsset(sql: Db, id: string): Promise<void> {
	await sql`delete from media_assets where id = ${id}`;
}

/** The lesson now shows this asset; its duration is known from the probe already (set again when ready). */
export async function attachToLesson(
	sql: Db,
	lessonId: number,
	assetId: string,
	durationSeconds: number
): Promise<void> {
	await sql`
		update lessons set media_id = ${assetId}, duration_seconds = ${Math.max(1, Math.round(durationSeconds))}, updated_at = now()
		where id = ${lessonId}`;
}

/** Assets waiting for a transcode (the job sweep enqueues those without a pending job). */
export async function queuedAssetIds(sql: Db): Promise<string[]> {
	const rows = await sql<
		{ id: string }[]
	>`select id from media_assets where status in ('validated', 'transcoding') order by created_at`;
	return rows.map((r) => r.id);
}
