// npm run bench:media-nginx — HLS segment fetches through nginx, five ways, on
// the same machine, nginx and client (why deploy/nginx serves media with
// auth_request + a short cache; figures in docs/deploy.md):
//   static        nginx from disk, no check at all (the ceiling)
//   auth_cached   the shipped template: auth_request to the app, verdict cached
//   auth_nocache  auth_request to the app on every request
//   secure_link   nginx's secure_link (MD5 of expiry, asset, user and a secret)
//   app           proxied to the app's own /media route (kit, serve.ts)
// One web instance (tests/cluster) on a fresh database; a segment of
// XUEFAN_BENCH_SEGMENT_KB (default 32: small, so per-request costs show);
// --connections keep-alive loops (default 32) for --seconds each (default 8).
// Last line: {"static_per_s":…,"auth_cached_per_s":…,…} ; load on stderr.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startCluster } from '../tests/cluster/cluster.ts';
import { request } from '../tests/cluster/clients.ts';
import { startNginx, type Nginx } from '../tests/cluster/nginx.ts';
import { initMediaSecret, signQuery } from '../src/lib/server/media/signing.ts';
import { buildApp } from './progress-harness.ts';

const { values } = parseArgs({
	options: {
		connections: { type: 'string', default: '32' },
		seconds: { type: 'string', default: '8' },
		'no-build': { type: 'boolean', default: false }
	}
});
const SECRET = 'bench-secure-link-secret';
const SIZE = Number(process.env.XUEFAN_BENCH_SEGMENT_KB ?? 32) * 1024;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
/** A GET whose body is read and dropped (the client must not be what is measured). */
const fetchStatus = (port: number, p: string) =>
	new Promise<number>((resolve, reject) => {
		http
			.get({ host: '127.0.0.1', port, path: p, agent }, (res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			})
			.on('error', reject);
	});
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const loc = (
	name: string,
	body: string
) => `	location ~ "^/bench/${name}/(?<xb_asset>${UUID})/(?<xb_file>[a-z0-9]{1,20}/seg_[0-9]{1,6}\\.ts)$" {
${body}
	}`;
const load = () =>
	loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');

buildApp();
const port = Number(process.env.XUEFAN_BENCH_CLUSTER_PORT ?? 4365);
let mediaDir = '';
const alias = () => `		alias ${mediaDir}/assets/$xb_asset/$xb_file;`;
// the media dir is only known once the cluster made it
const extra = () =>
	[
		loc('static', alias()),
		loc('nocache', `		set $xb_q $args;\n		auth_request /_bench_auth;\n${alias()}`),
		`	location = /_bench_auth {
		internal;
		proxy_pass http://xuefan_web/_media-auth/$xb_asset?$xb_q;
		proxy_pass_request_body off;
		proxy_set_header Content-Length "";
		proxy_set_header Connection "";
	}`,
		loc(
			'secure',
			`		secure_link $arg_md5,$arg_e;
		secure_link_md5 "$secure_link_expires$xb_asset$arg_u ${SECRET}";
		if ($secure_link = "") { return 403; }
		if ($secure_link = "0") { return 403; }
${alias()}`
		),
		`	location ~ "^/bench/app/(?<xb_rest>.+)$" {
		proxy_pass http://xuefan_web/media/$xb_rest$is_args$args;
	}`
	].join('\n');

const c = await startCluster({ port, webInstances: 1 });
let bench: Nginx | undefined;
try {
	mediaDir = c.mediaDir;
	// the cluster's nginx, replaced by one with the comparison locations
	await c.nginx.stop();
	bench = await startNginx({
		port,
		upstreams: [`127.0.0.1:${c.web[0].port}`],
		mediaDir,
		extraServer: extra()
	});
	process.env.XUEFAN_MEDIA_SECRET = c.env.XUEFAN_MEDIA_SECRET;
	await initMediaSecret(c.sql);
	const asset = (
		await c.sql`insert into media_assets (status, duration_seconds) values ('ready', 6) returning id`
	)[0].id as string;
	mkdirSync(path.join(mediaDir, 'assets', asset, '360p'), { recursive: true });
	const segment = randomBytes(SIZE);
	writeFileSync(path.join(mediaDir, 'assets', asset, '360p/seg_000.ts'), segment);
	const q = signQuery(asset, 7, 3600);
	const e = Math.floor(Date.now() / 1000) + 3600;
	const md5 = createHash('md5').update(`${e}${asset}7 ${SECRET}`).digest('base64url');
	const urls: Record<string, string> = {
		static: `/bench/static/${asset}/360p/seg_000.ts`,
		auth_cached: `/media/${asset}/360p/seg_000.ts?${q}`,
		auth_nocache: `/bench/nocache/${asset}/360p/seg_000.ts?${q}`,
		secure_link: `/bench/secure/${asset}/360p/seg_000.ts?u=7&e=${e}&md5=${md5}`,
		app: `/bench/app/${asset}/360p/seg_000.ts?${q}`
	};
	const out: Record<string, number> = {};
	for (const [name, url] of Object.entries(urls)) {
		const first = await request(port, url);
		if (first.status !== 200 || first.body.length !== segment.length)
			throw new Error(`${name}: ${first.status} ${first.body.slice(0, 200)}`);
		const refused = await request(port, url.replace(/s=[\w-]+|md5=[\w-]+/, 'x=1'));
		if (name !== 'static' && refused.status !== 403)
			throw new Error(`${name}: unsigned answered ${refused.status}`);
		let n = 0;
		let bad = 0;
		const until = Date.now() + Number(values.seconds) * 1000;
		await Promise.all(
			Array.from({ length: Number(values.connections) }, async () => {
				while (Date.now() < until) {
					const status = await fetchStatus(port, url);
					if (status === 200) n++;
					else bad++;
				}
			})
		);
		out[`${name}_per_s`] = Math.round(n / Number(values.seconds));
		console.error(`${name}: ${out[`${name}_per_s`]} segments/s (${bad} not 200); load ${load()}`);
	}
	console.log(JSON.stringify(out));
} finally {
	await bench?.stop();
	await c.stop();
}
