// Domain queues register here, so the queue module does not grow with every
// feature: each domain exports one `register…Jobs` that creates its queues,
// schedules and workers on the running pg-boss.
import type PgBoss from 'pg-boss';
import type postgres from 'postgres';
import { registerLiveJobs } from '../live/jobs.ts';
import { registerReportJobs } from '../reports/jobs.ts';
import { registerQuizJobs } from '../quiz/jobs.ts';

export interface JobContext {
	boss: PgBoss;
	sql: postgres.Sql;
	/** pg-boss's schema (tests use their own). */
	schema: string;
}

export type RegisterJobs = (ctx: JobContext) => Promise<void>;

export const domainJobs: RegisterJobs[] = [registerReportJobs, registerLiveJobs, registerQuizJobs];
