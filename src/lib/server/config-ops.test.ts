// The operations settings refuse what would fail later, with one line naming the variable.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from './config.js';
import { checkStartup } from './config-ops.js';
import { ConfigError } from './config-parse.js';

const dir = mkdtempSync(path.join(tmpdir(), 'xuefan-config-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fails = (env: Record<string, string>, message: RegExp) => {
	let error: unknown;
	try {
		const cfg = readConfig({ XUEFAN_MEDIA_DIR: path.join(dir, 'media'), ...env });
		checkStartup(cfg);
	} catch (e) {
		error = e;
	}
	expect(error).toBeInstanceOf(ConfigError);
	expect((error as Error).message).toMatch(message);
};

describe('XUEFAN_ROLE and friends', () => {
	it('defaults: one process does everything', () => {
		const { ops } = readConfig({});
		expect(ops).toMatchObject({ role: 'all', runsJobs: true, servesHttp: true, logLevel: 'info' });
		expect(ops.shutdownTimeoutMs).toBe(10_000);
		expect(ops.metricsPort).toBeUndefined();
	});

	it('web serves and works no jobs; worker works jobs and serves nothing', () => {
		expect(readConfig({ XUEFAN_ROLE: 'web' }).ops).toMatchObject({
			runsJobs: false,
			servesHttp: true
		});
		expect(readConfig({ XUEFAN_ROLE: ' Worker ' }).ops).toMatchObject({
			role: 'worker',
			runsJobs: true,
			servesHttp: false
		});
	});

	it('refuses an unknown role, level, port, short token or timeout', () => {
		fails({ XUEFAN_ROLE: 'cron' }, /^XUEFAN_ROLE: "cron" is not one of web, worker, all$/);
		fails({ XUEFAN_LOG_LEVEL: 'verbose' }, /^XUEFAN_LOG_LEVEL: "verbose" is not one of fatal/);
		fails({ XUEFAN_METRICS_PORT: '99999' }, /^XUEFAN_METRICS_PORT: "99999" is not a whole number/);
		fails({ XUEFAN_METRICS_TOKEN: 'short' }, /^XUEFAN_METRICS_TOKEN: must be at least 16/);
		fails({ XUEFAN_SHUTDOWN_TIMEOUT_MS: '5s' }, /^XUEFAN_SHUTDOWN_TIMEOUT_MS: "5s"/);
		fails(
			{ XUEFAN_JOB_LEASE_SECONDS: '1' },
			/^XUEFAN_JOB_LEASE_SECONDS: "1" is not a whole number from 2/
		);
	});

	it('refuses bad URLs without echoing their credentials', () => {
		fails({ DATABASE_URL: 'mysql://u:pw@db/x' }, /^DATABASE_URL: "mysql:\/\/…" is not a postgres/);
		fails({ REDIS_URL: 'localhost:6379' }, /^REDIS_URL: "localhost:6379" is not a URL/);
		fails({ ORIGIN: 'https://study.example.org/path' }, /^ORIGIN: .*\(no path/);
	});

	it('several instances (REDIS_URL) need one media secret', () => {
		fails(
			{ REDIS_URL: 'redis://127.0.0.1:6379' },
			/^XUEFAN_MEDIA_SECRET: must be set .* REDIS_URL/
		);
		const cfg = readConfig({
			REDIS_URL: 'redis://127.0.0.1:6379',
			XUEFAN_MEDIA_SECRET: 'x'.repeat(32),
			XUEFAN_MEDIA_DIR: path.join(dir, 'media')
		});
		expect(() => checkStartup(cfg)).not.toThrow();
	});

	it('metrics may not take the app port', () => {
		fails(
			{ PORT: '4351', XUEFAN_METRICS_PORT: '4351' },
			/^XUEFAN_METRICS_PORT: 4351 is the app's PORT/
		);
	});

	it('a media dir that cannot be written is refused at start', () => {
		// Under a regular file: no directory can be made there (root too).
		const file = path.join(dir, 'a-file');
		writeFileSync(file, '');
		fails(
			{ XUEFAN_MEDIA_DIR: path.join(file, 'media') },
			/^XUEFAN_MEDIA_DIR: .* is not a writable directory \(ENOTDIR\)/
		);
		// A directory without write permission (refused for non-root; root writes anyway, so only checked then).
		const ro = path.join(dir, 'ro');
		if (process.getuid?.() !== 0) {
			chmodSync(dir, 0o500);
			try {
				fails({ XUEFAN_MEDIA_DIR: ro }, /is not a writable directory/);
			} finally {
				chmodSync(dir, 0o700);
			}
		}
	});
});
