// The backup drill (scripts/backup-drill.sh) against a small seeded database
// of its own: dump, restore into a fresh database, equal row counts per table,
// the media directory archived and checked; clear failures when it cannot.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOptions } from '../../src/lib/server/db/index';
import { migrate } from '../../src/lib/server/db/migrate';
import { record } from '../../src/lib/server/audit';
import { makeUnits } from '../fixtures/roster-units';
import { addUser } from './progress-fixtures';

const exec = promisify(execFile);
const SCRIPT = path.resolve('scripts/backup-drill.sh');
const name = `xuefan_drill_${process.pid}_${Date.now() % 100000}`;
let url: string;
let sql: postgres.Sql;
let admin: postgres.Sql;
let work: string;

// pg_dump refuses a newer server (the embedded PostgreSQL 18 with Debian's pg_dump 15): skip there.
async function compatible(): Promise<boolean> {
	const probe = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
	const [{ server_version_num: v }] = await probe<
		{ server_version_num: string }[]
	>`show server_version_num`;
	await probe.end();
	const tool = await exec('pg_dump', ['--version']).catch(() => null);
	const major = Number(/(\d+)\./.exec(tool?.stdout ?? '')?.[1] ?? 0);
	return major >= Math.floor(Number(v) / 10000);
}
const run = (await compatible()) ? describe : describe.skip;

const drill = (env: Record<string, string>) =>
	exec('bash', [SCRIPT], { env: { ...process.env, ...env }, timeout: 120_000 });

run('backup drill', () => {
	beforeAll(async () => {
		const base = new URL(process.env.DATABASE_URL!);
		admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		base.pathname = `/${name}`;
		url = base.toString();
		sql = postgres(url, { ...clientOptions, max: 2 });
		await migrate(sql);
		const u = await makeUnits(sql);
		for (let i = 0; i < 5; i++) await addUser(sql, i % 2 ? u.county : u.village, ['learner']);
		const who = await addUser(sql, u.county, ['admin']);
		await record(sql, {
			actor: who,
			action: 'roster.import',
			target: '花名册.xlsx',
			ip: '127.0.0.1'
		});
		work = mkdtempSync(path.join(tmpdir(), 'xuefan-drill-'));
		mkdirSync(path.join(work, 'media/lectures/1'), { recursive: true });
		writeFileSync(path.join(work, 'media/lectures/1/index.m3u8'), '#EXTM3U\n');
		writeFileSync(path.join(work, 'media/lectures/1/seg-0.ts'), Buffer.alloc(4096, 7));
		writeFileSync(path.join(work, 'media/讲义.pdf'), '%PDF-1.4 学习材料');
	});

	afterAll(async () => {
		await sql?.end();
		await admin?.unsafe(`drop database if exists ${name}`);
		const left =
			await admin`select datname from pg_database where datname like ${name + '_drill_%'}`;
		await admin?.end();
		rmSync(work, { recursive: true, force: true });
		expect(left).toHaveLength(0); // the restored copy is dropped after the check
	});

	it('dumps, restores into a fresh database with equal row counts, and archives the media', async () => {
		const out = await drill({
			DATABASE_URL: url,
			XUEFAN_MEDIA_DIR: path.join(work, 'media'),
			BACKUP_DIR: path.join(work, 'backup')
		});
		const summary = JSON.parse(out.stdout.trim().split('\n').at(-1)!);
		expect(summary).toMatchObject({ ok: true, media_files: 3 });
		const [{ n }] = await sql<{ n: number }[]>`select count(*) as n from pg_stat_user_tables`;
		expect(summary.tables).toBe(n);
		const [{ users }] = await sql<{ users: number }[]>`select count(*) as users from users`;
		expect(summary.rows).toBeGreaterThanOrEqual(users + 6 + 1);
		expect(existsSync(path.join(work, 'backup/xuefan.dump'))).toBe(true);
		expect(existsSync(path.join(work, 'backup/media.tar.gz'))).toBe(true);
		const { stdout: listing } = await exec('tar', ['-tzf', path.join(work, 'backup/media.tar.gz')]);
		expect(listing).toContain('lectures/1/seg-0.ts');
		expect(listing).toContain('讲义.pdf');
	});

	it('fails clearly without a database or a media directory', async () => {
		await expect(drill({ DATABASE_URL: '' })).rejects.toMatchObject({
			stdout: expect.stringContaining('DATABASE_URL is not set')
		});
		await expect(
			drill({ DATABASE_URL: url, XUEFAN_MEDIA_DIR: path.join(work, 'nowhere') })
		).rejects.toMatchObject({ stdout: expect.stringContaining('does not exist') });
		await expect(
			drill({
				DATABASE_URL: url.replace(`/${name}`, '/no_such_database_here'),
				XUEFAN_MEDIA_DIR: path.join(work, 'media'),
				BACKUP_DIR: path.join(work, 'backup2')
			})
		).rejects.toMatchObject({ stdout: expect.stringContaining('cannot connect') });
	});
});
