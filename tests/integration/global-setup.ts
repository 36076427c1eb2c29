// Integration tests run against DATABASE_URL when set (CI: this machine's
// PostgreSQL), else against an embedded PostgreSQL started for the run.
import { startEmbedded, type EmbeddedServer } from '../../src/lib/server/db/embedded.ts';

let server: EmbeddedServer | undefined;

export async function setup() {
	// Media written by tests (the demo seed's lectures, uploads) stay out of ./data/media.
	process.env.XUEFAN_MEDIA_DIR ??= 'data/test-media';
	if (process.env.DATABASE_URL) return;
	server = await startEmbedded({ dataDir: 'data/test-pg', port: 54330, tcp: true });
	process.env.DATABASE_URL = server.url;
}

export async function teardown() {
	await server?.stop();
}
