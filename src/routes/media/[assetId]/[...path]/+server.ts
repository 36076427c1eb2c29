// Media files of an asset. The signed query (granted after a course access
// check when the page signed the master URL) is the capability: no session
// lookup per segment, so a CDN could serve these too.
import type { RequestHandler } from './$types';
import { serveMedia } from '$lib/server/media/serve';

export const GET: RequestHandler = ({ params, url, request }) =>
	serveMedia(params.assetId, params.path, url, request);
export const HEAD: RequestHandler = ({ params, url, request }) =>
	serveMedia(params.assetId, params.path, url, request);
