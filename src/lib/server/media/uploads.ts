// Resumable uploads (tus 1.0 via @tus/server's handleWeb). The route has
// already checked the role; here: the lesson must be editable by the person
// (on create and again on finish), only the creator may continue an upload,
// 4 GB at most; a finished upload is probed, then queued for transcoding.
import * as limits from '../../api/limits.ts';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import type { SessionUser } from '../auth/types.ts';
import type { Db } from '../db/index.ts';
import { m } from '../../paraglide/messages.js';
import { canEditLesson } from './access.ts';
import { acceptUpload } from './pipeline.ts';
import type { RefusalReason } from './probe.ts';
import { uploadsDir } from './storage.ts';

export const MAX_UPLOAD_BYTES = limits.files.video;
export type { Locale } from '../../paraglide/runtime.js';
import type { Locale } from '../../paraglide/runtime.js';

interface Context {
	sql: Db;
	user: SessionUser;
	locale: Locale;
	/** Called with the new asset id once the upload is accepted (enqueues the transcode). */
	accepted: (assetId: string) => Promise<unknown>;
}

// handleWeb passes our Request object to the hooks unchanged: key the context on it.
const contexts = new WeakMap<object, Context>();

const fail = (status_code: number, error: string, message: string) => ({
	status_code,
	body: JSON.stringify({ error, message })
});

const REFUSALS: Record<RefusalReason, (o: { locale: Locale }) => string> = {
	unreadable: (o) => m.media_refused_unreadable({}, o),
	no_video: (o) => m.media_refused_no_video({}, o),
	no_duration: (o) => m.media_refused_no_duration({}, o),
	too_long: (o) => m.media_refused_too_long({}, o)
};

let server: Server | undefined;
let store: FileStore | undefined;

function tus(): Server {
	if (server) return server;
	store = new FileStore({ directory: uploadsDir() });
	server = new Server({
		path: '/api/uploads',
		datastore: store,
		relativeLocation: true,
		maxSize: MAX_UPLOAD_BYTES,
		// Same-origin only: the app's own pages upload.
		allowedOrigins: [],
		async onIncomingRequest(req, uploadId) {
			const ctx = contexts.get(req)!;
			if (req.method === 'POST' || req.method === 'OPTIONS') return;
			const upload = await store!.getUpload(uploadId).catch(() => null);
			if (upload && upload.metadata?.userId !== String(ctx.user.id)) {
				throw fail(
					403,
					'media_upload_not_yours',
					m.media_upload_not_yours({}, { locale: ctx.locale })
				);
			}
		},
		async onUploadCreate(req, upload) {
			const ctx = contexts.get(req)!;
			const lessonId = Number(upload.metadata?.lessonId);
			if (!Number.isSafeInteger(lessonId) || lessonId <= 0) {
				throw fail(
					400,
					'media_upload_lesson_required',
					m.media_upload_lesson_required({}, { locale: ctx.locale })
				);
			}
			if (!(await canEditLesson(ctx.sql, ctx.user, lessonId))) {
				throw fail(
					403,
					'media_upload_forbidden',
					m.media_upload_forbidden({}, { locale: ctx.locale })
				);
			}
			// The owner is recorded by us, whatever the client sent.
			return {
				metadata: { ...upload.metadata, lessonId: String(lessonId), userId: String(ctx.user.id) }
			};
		},
		async onUploadFinish(req, upload) {
			const ctx = contexts.get(req)!;
			return finish(ctx, upload);
		}
	});
	return server;
}

async function finish(ctx: Context, upload: Upload) {
	const file = path.join(uploadsDir(), upload.id);
	const lessonId = Number(upload.metadata?.lessonId);
	try {
		if (!(await canEditLesson(ctx.sql, ctx.user, lessonId))) {
			await rm(file, { force: true });
			throw fail(
				403,
				'media_upload_forbidden',
				m.media_upload_forbidden({}, { locale: ctx.locale })
			);
		}
		const result = await acceptUpload(ctx.sql, {
			file,
			originalName: upload.metadata?.filename ?? '',
			sizeBytes: upload.size ?? upload.offset,
			userId: ctx.user.id,
			lessonId
		});
		if (!result.ok) {
			// 422: tus-js-client does not retry it, and shows our reason.
			throw fail(
				422,
				`media_refused_${result.reason}`,
				REFUSALS[result.reason]({ locale: ctx.locale })
			);
		}
		await ctx.accepted(result.assetId);
		return { status_code: 204, headers: { 'X-Media-Asset-Id': result.assetId } };
	} finally {
		// tus's record of the upload: the file itself is moved or gone by now.
		await rm(`${file}.json`, { force: true });
	}
}

/** Handles one tus request (POST/HEAD/PATCH/DELETE/OPTIONS) for a signed-in lecturer or admin. */
export function handleUpload(request: Request, ctx: Context): Promise<Response> {
	contexts.set(request, ctx);
	return tus().handleWeb(request);
}
