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
	/** Re-renders the config with these upstreams and reloads nginx (SIGHUP), keeping connections. */
	reload(upstreams: string[]): Promise<void>;
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
	const file = path.join(prefix, 'nginx.conf');
	const write = (upstreams: string[]) => {
		let conf = renderStandalone(
			prefix,
			{ upstreams, mediaDir: o.mediaDir, listen: `127.0.0.1:${o.port}` },
			// as root (CI), the workers would be nobody, who cannot read our temporary dirs
			{ workers: o.workers, user: process.getuid?.() === 0 ? 'root' : undefined }
		);
		if (o.extraServer)
			conf = conf.replace(/\n\tlocation \/ \{/, `\n${o.extraServer}\n\tlocation / {`);
		writeFileSync(file, conf);
	};
	write(o.upstreams);
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
		async reload(upstreams) {
			write(upstreams);
			child.kill('SIGHUP');
			// the master starts new workers and lets the old ones finish their requests
			await new Promise((r) => setTimeout(r, 1000));
		},
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
