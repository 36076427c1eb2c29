// The report domain's queues: large exports, the daily snapshots, the daily
// deadline reminders and the hourly clean-up of expired export files.
import type { JobContext } from '$lib/server/jobs/domains';
import { REPORT_EXPORT, removeExpiredExports, runExport } from './export/jobs.ts';
import { sendReminders } from './reminders.ts';
import { snapshotJob } from './snapshots.ts';
import { orgZone } from '../clock/index.ts';
import { config } from '../config.js';
import { chooseRead, replica } from '../db/read.ts';

export const REPORT_SNAPSHOTS = 'report-snapshots';
export const PROGRAMME_REMINDERS = 'programme-reminders';
export const REPORT_EXPORT_CLEANUP = 'report-export-cleanup';

export async function registerReportJobs({ boss, sql }: JobContext): Promise<void> {
	await boss.createQueue(REPORT_EXPORT, {
		name: REPORT_EXPORT,
		retryLimit: 1,
		retryDelay: 5,
		expireInSeconds: 1800
	});
	await boss.work<{ id: string; after?: string | null }>(
		REPORT_EXPORT,
		{ batchSize: 1, pollingIntervalSeconds: 1 },
		async ([job]) => {
			// The people and figures from the replica when it has the requester's last write and is fresh enough.
			const { replicaMaxLagSeconds: maxLagSeconds } = config();
			const read = await chooseRead(sql, replica(), { after: job.data.after, maxLagSeconds });
			await runExport(sql, job.data.id, read.sql);
		}
	);

	// Late in the Shanghai day, so the snapshot is that day's final state.
	await boss.createQueue(REPORT_SNAPSHOTS, {
		name: REPORT_SNAPSHOTS,
		retryLimit: 2,
		retryDelay: 60
	});
	await boss.schedule(REPORT_SNAPSHOTS, '55 23 * * *', {}, { tz: orgZone() });
	await boss.work(REPORT_SNAPSHOTS, async () => {
		const n = await snapshotJob(sql);
		console.log(`reports: ${n} snapshot rows written`);
	});

	await boss.createQueue(PROGRAMME_REMINDERS, {
		name: PROGRAMME_REMINDERS,
		retryLimit: 2,
		retryDelay: 60
	});
	await boss.schedule(PROGRAMME_REMINDERS, '0 9 * * *', {}, { tz: orgZone() });
	await boss.work(PROGRAMME_REMINDERS, async () => {
		const r = await sendReminders(sql);
		console.log(
			`reminders: ${r.learners} learners and ${r.leaders} leaders notified for ${r.programmes} programmes`
		);
	});

	await boss.createQueue(REPORT_EXPORT_CLEANUP, { name: REPORT_EXPORT_CLEANUP, retryLimit: 0 });
	await boss.schedule(REPORT_EXPORT_CLEANUP, '17 * * * *');
	await boss.work(REPORT_EXPORT_CLEANUP, async () => {
		await removeExpiredExports(sql);
	});
}
