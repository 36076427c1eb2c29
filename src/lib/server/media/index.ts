// Media: storage, ffprobe validation, HLS transcoding, signed URLs.
import type { Db } from '../db/index.ts';
import { initMediaSecret } from './signing.ts';
import { ensureDirs } from './storage.ts';

export {
	signedMasterUrl,
	posterUrl,
	captionsUrl,
	signQuery,
	verifyQuery,
	signPlaylist,
	initMediaSecret
} from './signing.ts';
export { getAsset, type Asset, type AssetStatus } from './assets.ts';
export { acceptUpload, transcodeAsset, type ProgressEvent } from './pipeline.ts';
export { canEditLesson, canEditAsset } from './access.ts';

/** At start: the media dirs and the URL-signing key. */
export async function initMedia(sql: Db): Promise<void> {
	await ensureDirs();
	await initMediaSecret(sql);
}
