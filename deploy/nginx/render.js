// Renders deploy/nginx/xuefan.conf.template: the site file a deployment puts
// in /etc/nginx/conf.d/, or (standalone) a whole nginx.conf that runs
// unprivileged from a prefix directory, as the cluster tests and bench do.
//   node deploy/nginx/render.js --upstream 10.0.0.11:3000 --upstream 10.0.0.12:3000 \
//     --media-dir /srv/xuefan/media --server-name xuefan.example.cn --tls > xuefan.conf
// Plain ESM with JSDoc types (node without tsx, and the TypeScript tests).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const TEMPLATE = path.join(import.meta.dirname, 'xuefan.conf.template');

/**
 * @typedef {object} SiteOptions
 * @property {string[]} upstreams host:port of each web instance
 * @property {string} mediaDir the shared XUEFAN_MEDIA_DIR (absolute)
 * @property {string} cacheDir where nginx keeps the media auth cache
 * @property {string} [listen] default 80 (443 ssl with tls)
 * @property {string} [serverName] default _
 * @property {{ cert: string, key: string } | undefined} [tls]
 * @property {string} [accessLog] default /var/log/nginx/xuefan.access.log
 * @property {string} [tusMaxBody] default 16m (8 MiB chunks + room)
 * @property {number} [failTimeout] seconds an instance is skipped after a failure (default 5)
 */

/** @param {SiteOptions} o @returns {string} the site config (http {} context) */
export function renderSite(o) {
	if (!o.upstreams.length) throw new Error('at least one upstream (host:port) is needed');
	for (const u of o.upstreams)
		if (!/^[\w.[\]:-]+:\d{1,5}$/.test(u)) throw new Error(`not host:port: ${u}`);
	for (const [name, dir] of [
		['media dir', o.mediaDir],
		['cache dir', o.cacheDir]
	])
		if (!path.isAbsolute(dir) || /[\s;{}"']/.test(dir))
			throw new Error(`${name} must be an absolute path without spaces or quotes: ${dir}`);
	const fail = o.failTimeout ?? 5;
	const tls = o.tls
		? [
				`\tssl_certificate ${o.tls.cert};`,
				`\tssl_certificate_key ${o.tls.key};`,
				'\tssl_protocols TLSv1.2 TLSv1.3;',
				'\tssl_session_cache shared:xuefan_tls:10m;',
				'\tadd_header Strict-Transport-Security "max-age=31536000" always;'
			].join('\n')
		: '';
	/** @type {Record<string, string>} */
	const values = {
		upstream_servers: o.upstreams
			.map((u) => `\tserver ${u} max_fails=1 fail_timeout=${fail}s;`)
			.join('\n'),
		fail_timeout: `${fail} s`,
		listen: o.listen ?? (o.tls ? '443 ssl' : '80'),
		server_name: o.serverName ?? '_',
		tls,
		access_log: o.accessLog ?? '/var/log/nginx/xuefan.access.log',
		media_dir: o.mediaDir.replace(/\/+$/, ''),
		cache_dir: o.cacheDir.replace(/\/+$/, ''),
		tus_max_body: o.tusMaxBody ?? '16m'
	};
	return readFileSync(TEMPLATE, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, k) => {
		if (!(k in values)) throw new Error(`template: unknown {{${k}}}`);
		return values[k];
	});
}

/**
 * A whole nginx.conf for `nginx -p <prefix> -c <prefix>/nginx.conf`, every
 * path (pid, temp dirs, logs, cache) inside the prefix: no root needed.
 * @param {string} prefix absolute
 * @param {Omit<SiteOptions, 'cacheDir' | 'accessLog'>} o
 * @param {{ workers?: number, user?: string }} [extra] user: the workers' user when started as root
 * (they must read the media dir and write the cache dir)
 */
export function renderStandalone(prefix, o, extra = {}) {
	const site = renderSite({ ...o, cacheDir: prefix, accessLog: `${prefix}/access.log` });
	const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
		.map((t) => `\t${t}_temp_path ${prefix}/tmp/${t};`)
		.join('\n');
	return `${extra.user ? `user ${extra.user};\n` : ''}worker_processes ${extra.workers ?? 1};
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
${temp}
	sendfile on;
	tcp_nopush on;
	keepalive_requests 10000;
${site}
}
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
	const { values: a } = parseArgs({
		options: {
			upstream: { type: 'string', multiple: true, default: [] },
			'media-dir': { type: 'string', default: '/srv/xuefan/media' },
			'cache-dir': { type: 'string', default: '/var/cache/nginx/xuefan' },
			listen: { type: 'string' },
			'server-name': { type: 'string' },
			tls: { type: 'boolean', default: false },
			cert: { type: 'string' },
			key: { type: 'string' }
		}
	});
	const name = a['server-name'] ?? '_';
	process.stdout.write(
		renderSite({
			upstreams: a.upstream,
			mediaDir: a['media-dir'],
			cacheDir: a['cache-dir'],
			listen: a.listen,
			serverName: name,
			tls: a.tls
				? {
						cert: a.cert ?? `/etc/letsencrypt/live/${name}/fullchain.pem`,
						key: a.key ?? `/etc/letsencrypt/live/${name}/privkey.pem`
					}
				: undefined
		})
	);
}
