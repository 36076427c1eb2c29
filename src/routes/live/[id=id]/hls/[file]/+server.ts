// Live HLS files. The signed query (granted after the audience check when the
// viewer page signed the playlist URL) is the capability: no session lookup
// per segment, so a CDN could serve these too.
import type { RequestHandler } from './$types';
import { serveLive } from '$lib/server/live/serve';

export const GET: RequestHandler = ({ params, url }) =>
	serveLive(Number(params.id), params.file, url);
export const HEAD: RequestHandler = ({ params, url }) =>
	serveLive(Number(params.id), params.file, url, 'HEAD');
