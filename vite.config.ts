import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { createSocketServer } from './server/socket.js';

/** In `vite dev`/`preview`, attach socket.io to Vite's own HTTP server, as server.js does in production. */
function socketIo(): Plugin {
	return {
		name: 'xuefan-socket-io',
		async configureServer(server) {
			if (server.httpServer) await createSocketServer(server.httpServer as HttpServer);
		},
		async configurePreviewServer(server) {
			if (server.httpServer) await createSocketServer(server.httpServer as HttpServer);
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// The same strategy as package.json's `paraglide-js compile` (tsx scripts and benches use that output);
			// paraglide's default cookie name, which the edge reads from the runtime (edge/locale.ts).
			strategy: ['cookie', 'preferredLanguage', 'baseLocale']
		}),
		sveltekit(),
		socketIo()
	],
	test: {
		include: ['src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		globalSetup: ['tests/integration/global-setup.ts'],
		setupFiles: ['tests/integration/setup-domains.ts'],
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
