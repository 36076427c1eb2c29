// A private PostgreSQL primary and a streaming replica for the replica tests:
// initdb + pg_ctl in a temporary directory, pg_basebackup -R for the standby.
// The machine's own PostgreSQL has no replication line in pg_hba, so the
// test brings its own. As root, the servers run as the `postgres` user.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, appendFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = process.env.XUEFAN_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const SUPERUSER = 'xuefan';

export interface Cluster {
	dir: string;
	primaryUrl: string;
	replicaUrl: string;
	stop(): void;
}

export const haveBinaries = () => existsSync(path.join(BIN, 'pg_basebackup'));

function run(tool: string, args: string[]) {
	const asRoot = process.getuid?.() === 0;
	const [cmd, argv] = asRoot
		? ['runuser', ['-u', 'postgres', '--', path.join(BIN, tool), ...args]]
		: [path.join(BIN, tool), args];
	return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

export function startCluster(primaryPort: number, replicaPort: number): Cluster {
	const dir = mkdtempSync(path.join(tmpdir(), 'xuefan-replica-'));
	chmodSync(dir, 0o777);
	const primary = path.join(dir, 'primary');
	const replica = path.join(dir, 'replica');
	const stop = () => {
		for (const d of [replica, primary]) {
			if (existsSync(path.join(d, 'postmaster.pid')))
				try {
					run('pg_ctl', ['-D', d, '-m', 'immediate', '-w', 'stop']);
				} catch {
					/* already down */
				}
		}
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		run('initdb', ['-D', primary, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--no-locale']);
		appendFileSync(
			path.join(primary, 'postgresql.conf'),
			[
				`listen_addresses = '127.0.0.1'`,
				`unix_socket_directories = '${dir}'`,
				'wal_level = replica',
				'max_wal_senders = 4',
				'hot_standby = on',
				'fsync = off',
				'synchronous_commit = on',
				''
			].join('\n')
		);
		appendFileSync(path.join(primary, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
		const log = (name: string) => path.join(dir, `${name}.log`);
		run('pg_ctl', ['-D', primary, '-l', log('primary'), '-o', `-p ${primaryPort}`, '-w', 'start']);
		run('pg_basebackup', [
			'-h',
			'127.0.0.1',
			'-p',
			String(primaryPort),
			'-U',
			SUPERUSER,
			'-D',
			replica,
			'-R',
			'-X',
			'stream'
		]);
		run('pg_ctl', ['-D', replica, '-l', log('replica'), '-o', `-p ${replicaPort}`, '-w', 'start']);
	} catch (e) {
		stop();
		const err = e as { stderr?: Buffer; message: string };
		throw new Error(`private cluster failed: ${err.stderr?.toString() || err.message}`);
	}
	const url = (port: number) => `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
	return { dir, primaryUrl: url(primaryPort), replicaUrl: url(replicaPort), stop };
}
