// Debian's nginx, unprivileged, on a loopback port, with the site config
// rendered from deploy/nginx/xuefan.conf.template (the one docs/deploy.md
// ships): every path (pid, temp dirs, logs, the media auth cache) in a
// temporary prefix directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderStandalone } from '../../deploy/nginx/render.js';

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export interface Nginx {
	port: number;
	prefix: string;
	child: ChildProcess;
	stop(): Promise<void>;
}

/** Resolves once something accepts TCP on 127.0.0.1:port (or rejects after timeoutMs). */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const open = await new Promise<boolean>((resolve) => {
			const s = net.connect(port, '127.0.0.1');
			s.once('connect', () => (s.destroy(), resolve(true)));
			s.once('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}

export async function startNginx(o: {
	port: number;
	upstreams: string[];
	mediaDir: string;
	workers?: number;
	/** Extra server-level lines (the media benchmark's comparison locations). */
	extraServer?: string;
}): Promise<Nginx> {
	if (!existsSync(NGINX))
		throw new Error(`nginx not found at ${NGINX} (apt-get install nginx, or set NGINX_PATH)`);
	const prefix = mkdtempSync(path.join(tmpdir(), 'xuefan-nginx-'));
	mkdirSync(path.join(prefix, 'tmp'));
	let conf = renderStandalone(
		prefix,
		{ upstreams: o.upstreams, mediaDir: o.mediaDir, listen: `127.0.0.1:${o.port}` },
		{ workers: o.workers }
	);
	if (o.extraServer)
		conf = conf.replace(/\n\tlocation \/ \{/, `\n${o.extraServer}\n\tlocation / {`);
	const file = path.join(prefix, 'nginx.conf');
	writeFileSync(file, conf);
	const child = spawn(
		NGINX,
		['-p', prefix, '-c', file, '-e', path.join(prefix, 'error.log'), '-g', 'daemon off;'],
		{
			stdio: ['ignore', 'ignore', 'inherit']
		}
	);
	const exited = new Promise<void>((r) => child.once('exit', () => r()));
	try {
		await Promise.race([
			waitForPort(o.port),
			exited.then(() => {
				throw new Error(`nginx exited at start; see ${prefix}/error.log`);
			})
		]);
	} catch (e) {
		child.kill('SIGKILL');
		throw e;
	}
	return {
		port: o.port,
		prefix,
		child,
		async stop() {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
				if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			}
			if (!process.env.XUEFAN_KEEP_NGINX) rmSync(prefix, { recursive: true, force: true });
		}
	};
}
