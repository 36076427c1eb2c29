// The two halves of media processing: accepting a finished upload (probe
// first; a refusal keeps nothing), and the transcode the job queue runs.
import { mkdir, rename, rm, copyFile } from 'node:fs/promises';
import type { MediaProgress } from '../../api/socket-events.ts';
import type { Db } from '../db/index.ts';
import { inTransaction } from '../db/tx.ts';
import {
	attachToLesson,
	createAsset,
	deleteAsset,
	getAsset,
	markFailed,
	markQueued,
	markReady,
	markTranscoding,
	markValidated,
	setProgress
} from './assets.ts';
import { probe, type RefusalReason } from './probe.ts';
import { assetDir, sourcePath } from './storage.ts';
import { transcode } from './transcode.ts';

export interface AcceptInput {
	/** The finished upload; moved into the asset on success, deleted on refusal. */
	file: string;
	originalName: string;
	sizeBytes: number;
	userId: number | null;
	lessonId: number | null;
}

export type AcceptResult = { ok: true; assetId: string } | { ok: false; reason: RefusalReason };

export async function acceptUpload(sql: Db, input: AcceptInput): Promise<AcceptResult> {
	const assetId = await createAsset(sql, {
		originalName: input.originalName,
		sizeBytes: input.sizeBytes,
		uploadedBy: input.userId
	});
	try {
		await mkdir(assetDir(assetId), { recursive: true });
		await moveFile(input.file, sourcePath(assetId));
		const result = await probe(sourcePath(assetId));
		if (!result.ok) {
			await discard(sql, assetId);
			return { ok: false, reason: result.reason };
		}
		await inTransaction(sql, async (tx) => {
			await markValidated(tx, assetId, result.info);
			if (input.lessonId) await attachToLesson(tx, input.lessonId, assetId, result.info.duration);
		});
		return { ok: true, assetId };
	} catch (e) {
		await discard(sql, assetId).catch(() => {});
		await rm(input.file, { force: true }).catch(() => {});
		throw e;
	}
}

async function discard(sql: Db, assetId: string) {
	await rm(assetDir(assetId), { recursive: true, force: true });
	await deleteAsset(sql, assetId);
}

async function moveFile(from: string, to: string) {
	try {
		await rename(from, to);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
		await copyFile(from, to);
		await rm(from, { force: true });
	}
}

/** A transcode's progress, pushed to the uploader's devices ('media:progress'). */
export type ProgressEvent = MediaProgress;

export interface TranscodeJobOptions {
	signal?: AbortSignal;
	/** Whether a failure is final (no retry left): then the asset is marked failed. */
	lastAttempt?: boolean;
	notify?: (uploadedBy: number, event: ProgressEvent) => void;
}

/** Runs the transcode of one asset (the job's work). Throws on failure so the queue retries. */
export async function transcodeAsset(
	sql: Db,
	assetId: string,
	options: TranscodeJobOptions = {}
): Promise<void> {
	const asset = await getAsset(sql, assetId);
	if (!asset || asset.status === 'ready') return; // deleted meanwhile, or done by an earlier attempt
	if (!asset.durationSeconds || !asset.height)
		throw new Error(`asset ${assetId} was never validated`);
	const tell = (event: Omit<ProgressEvent, 'assetId'>) => {
		if (asset.uploadedBy) options.notify?.(asset.uploadedBy, { assetId, ...event });
	};
	await markTranscoding(sql, assetId);
	tell({ status: 'transcoding', progress: 0, error: null });
	let written = 0;
	let writtenAt = 0;
	let told = 0;
	try {
		const info = {
			duration: asset.durationSeconds,
			width: asset.width ?? 0,
			height: asset.height,
			hasAudio: asset.hasAudio,
			videoCodec: ''
		};
		const renditions = await transcode(sourcePath(assetId), assetDir(assetId), info, {
			signal: options.signal,
			onProgress: (p) => {
				// The socket hears every whole percent; the row at most once a second.
				if (Math.floor(p) > told) {
					told = Math.floor(p);
					tell({ status: 'transcoding', progress: told, error: null });
				}
				if (p - written >= 1 && Date.now() - writtenAt >= 1000) {
					written = p;
					writtenAt = Date.now();
					setProgress(sql, assetId, p).catch(() => {});
				}
			}
		});
		await markReady(sql, assetId, renditions);
		tell({ status: 'ready', progress: 100, error: null });
	} catch (e) {
		const message = e instanceof Error ? e.message : String(e);
		if (options.signal?.aborted) {
			await markQueued(sql, assetId);
			tell({ status: 'validated', progress: 0, error: null });
		} else if (options.lastAttempt) {
			await markFailed(sql, assetId, message);
			tell({ status: 'failed', progress: 0, error: message });
		} else {
			await markQueued(sql, assetId, message);
			tell({ status: 'validated', progress: 0, error: message });
		}
		throw e;
	}
}
