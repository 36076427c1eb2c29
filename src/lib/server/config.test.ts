import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, NAMES, config, readConfig } from './config.js';

const refusal = (env: Record<string, string>) => {
	try {
		readConfig(env);
	} catch (e) {
		expect(e).toBeInstanceOf(ConfigError);
		return (e as Error).message;
	}
	throw new Error('accepted');
};

describe('config', () => {
	it('has the documented defaults on an empty environment', () => {
		const c = readConfig({});
		expect(c).toMatchObject({
			databaseUrl: undefined,
			dataDir: 'data',
			pgPort: 54329,
			pgLog: false,
			pgPoolMax: 10,
			migrationsDir: path.resolve('migrations'),
			noSeed: false,
			port: 3000,
			host: '0.0.0.0',
			bodySizeLimit: '25M',
			origin: undefined,
			addressHeader: undefined,
			xffDepth: 1,
			loginIpMaxFailures: 10,
			mediaDir: path.resolve('data/media'),
			exportDir: path.resolve('data/exports'),
			ffmpegPath: 'ffmpeg',
			ffprobePath: 'ffprobe',
			jobsRecoverActive: true,
			redisUrl: undefined,
			redisStream: 'xuefan:socket.io',
			redisStreamMaxLen: 20_000,
			rtmpPorts: [1935, 1936, 1937, 1938, 1939],
			heartbeat: { batch: 500, waitMs: 2, inFlight: 3, stats: false },
			liveChatBatchMs: 400,
			timeZone: 'Asia/Shanghai'
		});
		expect(Object.isFrozen(c)).toBe(true);
		expect(Object.isFrozen(c.heartbeat)).toBe(true);
	});

	it('parses set values; an empty value counts as unset', () => {
		const c = readConfig({
			DATABASE_URL: 'postgresql://u:p@db:5432/xuefan',
			XUEFAN_DATA_DIR: '/srv/xuefan',
			PORT: '8080',
			ORIGIN: 'https://study.example.org/',
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '2',
			XUEFAN_LOGIN_IP_MAX_FAILURES: '200',
			REDIS_URL: 'rediss://cache:6380',
			XUEFAN_RTMP_PORTS: 'off',
			XUEFAN_NO_SEED: '1',
			XUEFAN_JOBS_RECOVER_ACTIVE: '0',
			FFMPEG_PATH: ''
		});
		expect(c.databaseUrl).toBe('postgresql://u:p@db:5432/xuefan');
		expect(c.exportDir).toBe('/srv/xuefan/exports');
		expect(c.port).toBe(8080);
		expect(c.origin).toBe('https://study.example.org');
		expect(c.addressHeader).toBe('x-forwarded-for');
		expect(c.xffDepth).toBe(2);
		expect(c.loginIpMaxFailures).toBe(200);
		expect(c.redisUrl).toBe('rediss://cache:6380');
		expect(c.rtmpPorts).toEqual([]);
		expect(c.noSeed).toBe(true);
		expect(c.jobsRecoverActive).toBe(false);
		expect(c.ffmpegPath).toBe('ffmpeg');
		// postgres.js forms WHATWG URL refuses: several hosts; host from PGHOST
		expect(readConfig({ DATABASE_URL: 'postgres://u@h1:5432,h2:5432/db' }).databaseUrl).toBe(
			'postgres://u@h1:5432,h2:5432/db'
		);
		expect(readConfig({ DATABASE_URL: 'postgres:///test' }).databaseUrl).toBe('postgres:///test');
	});

	it('reads the organisation time zone, canonical, and refuses what is no zone', () => {
		expect(readConfig({ XUEFAN_TIME_ZONE: 'Asia/Urumqi' }).timeZone).toBe('Asia/Urumqi');
		expect(readConfig({ XUEFAN_TIME_ZONE: 'utc' }).timeZone).toBe('UTC');
		expect(refusal({ XUEFAN_TIME_ZONE: 'Beijing' })).toBe(
			'XUEFAN_TIME_ZONE: "Beijing" is not a time zone (an IANA name like Asia/Shanghai or UTC)'
		);
		expect(refusal({ XUEFAN_TIME_ZONE: '+08:00x' })).toMatch(/^XUEFAN_TIME_ZONE: /);
	});

	it('refuses bad values with one line naming the variable', () => {
		expect(refusal({ PORT: 'eighty' })).toBe(
			'PORT: "eighty" is not a whole number from 1 to 65535'
		);
		expect(refusal({ PORT: '70000' })).toMatch(/^PORT: /);
		expect(refusal({ DATABASE_URL: 'mysql://u:secret@db/x' })).toBe(
			'DATABASE_URL: "mysql://…" is not a postgres or postgresql URL'
		);
		expect(refusal({ DATABASE_URL: 'not a url' })).toMatch(/^DATABASE_URL: .* is not a URL/);
		expect(refusal({ REDIS_URL: 'http://cache:6379' })).toBe(
			'REDIS_URL: "http://…" is not a redis or rediss URL'
		);
		expect(refusal({ PG_POOL_MAX: '0' })).toMatch(/^PG_POOL_MAX: "0" is not a whole number from 1/);
		expect(refusal({ PG_POOL_MAX: '2.5' })).toMatch(/^PG_POOL_MAX: /);
		expect(refusal({ XUEFAN_RTMP_PORTS: 'a-b' })).toMatch(
			/^XUEFAN_RTMP_PORTS: "a-b" is not a port, a range/
		);
		expect(refusal({ XUEFAN_RTMP_PORTS: '1939-1935' })).toMatch(/ends before it starts/);
		expect(refusal({ XUEFAN_RTMP_PORTS: '1935-99999' })).toMatch(/^XUEFAN_RTMP_PORTS: /);
		expect(refusal({ XUEFAN_LOGIN_IP_MAX_FAILURES: '5' })).toBe(
			'XUEFAN_LOGIN_IP_MAX_FAILURES: 5 is below the default 10 (it may only be raised)'
		);
		expect(refusal({ ORIGIN: 'study.example.org' })).toMatch(
			/^ORIGIN: .* is not an http\(s\) origin/
		);
		expect(refusal({ ORIGIN: 'ftp://study.example.org' })).toMatch(/^ORIGIN: /);
		expect(refusal({ ORIGIN: 'https://study.example.org/app' })).toMatch(/no path/);
		expect(refusal({ ADDRESS_HEADER: 'X Forwarded' })).toBe(
			'ADDRESS_HEADER: "X Forwarded" is not an HTTP header name'
		);
		expect(refusal({ XFF_DEPTH: '0' })).toMatch(/^XFF_DEPTH: /);
		expect(refusal({ BODY_SIZE_LIMIT: '25 MB' })).toMatch(/^BODY_SIZE_LIMIT: /);
		expect(refusal({ XUEFAN_NO_SEED: 'yes' })).toBe('XUEFAN_NO_SEED: "yes" is not 1 or 0');
		expect(refusal({ XUEFAN_MEDIA_SECRET: 'short' })).toBe(
			'XUEFAN_MEDIA_SECRET: must be at least 16 characters'
		);
	});

	describe('config()', () => {
		const saved = process.env.XUEFAN_MEDIA_DIR;
		afterEach(() => {
			if (saved === undefined) delete process.env.XUEFAN_MEDIA_DIR;
			else process.env.XUEFAN_MEDIA_DIR = saved;
		});

		it('follows changes to the environment (tests set variables between cases)', () => {
			process.env.XUEFAN_MEDIA_DIR = '/tmp/a';
			const first = config();
			expect(first.mediaDir).toBe('/tmp/a');
			expect(config()).toBe(first);
			process.env.XUEFAN_MEDIA_DIR = '/tmp/b';
			expect(config().mediaDir).toBe('/tmp/b');
		});

		it('lists every variable it reads', () => {
			expect(new Set(NAMES).size).toBe(NAMES.length);
			expect(NAMES).toContain('XFF_DEPTH');
		});
	});
});
