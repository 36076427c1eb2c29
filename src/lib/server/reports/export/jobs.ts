// Large exports (more rows than EXPORT_INLINE_MAX) run as a pg-boss job that
// writes the file into the data dir, reporting progress on the row (polled)
// and over the requester's socket. Only the requester may download; files
// expire after a day.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import type { Db } from '$lib/server/db';
import { rooms } from '$lib/api/socket-rooms';
import { realtime } from '$lib/server/realtime';
import { peopleCursor, type PeopleFilter } from '../people.ts';
import { figuredBatches } from '../people-figures.ts';
import { writePeopleXlsx, type Locale } from './xlsx.ts';
import { config } from '../../config.js';
import type { PeopleSort, SortDir } from '../../../api/reports.ts';

export const EXPORT_INLINE_MAX = 5000;
export const REPORT_EXPORT = 'report-export';

export interface PeopleExportParams {
	programmeId: number;
	unitId: number;
	includeSub: boolean;
	filter: PeopleFilter;
	q: string;
	/** the list's order when it was exported (absent in exports queued before sorting existed) */
	sort?: PeopleSort;
	dir?: SortDir;
	locale: Locale;
	title: string;
	subtitle: string;
}

export interface ExportRow {
	id: string;
	userId: number;
	kind: 'people';
	filename: string;
	status: 'queued' | 'running' | 'done' | 'failed';
	rowsDone: number;
	rowsTotal: number;
	error: string | null;
	expiresAt: Date;
}

export function exportDir(): string {
	return config().exportDir;
}

export const exportPath = (id: string) => path.join(exportDir(), `${id}.xlsx`);

export async function createExport(
	sql: Db,
	userId: number,
	params: PeopleExportParams,
	filename: string,
	rowsTotal: number
): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into report_exports (user_id, kind, params, filename, rows_total)
		values (${userId}, 'people', ${sql.json(params as never)}, ${filename}, ${rowsTotal}) returning id`;
	return row.id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The export if it is this person's and not expired; null otherwise (the caller answers 404). */
export async function getExport(sql: Db, userId: number, id: string): Promise<ExportRow | null> {
	if (!UUID.test(id)) return null;
	const [row] = await sql<ExportRow[]>`
		select id, user_id as "userId", kind, filename, status, rows_done as "rowsDone", rows_total as "rowsTotal",
			error, expires_at as "expiresAt"
		from report_exports where id = ${id} and user_id = ${userId} and expires_at > now()`;
	return row ?? null;
}

function push(userId: number, e: Pick<ExportRow, 'id' | 'status' | 'rowsDone' | 'rowsTotal'>) {
	realtime()?.to(rooms.user(userId)).emit('report_export', e);
}

/** The job's work: writes the file, updating progress every batch. */
/** `read`: where the people and figures are read (a replica when fresh enough; the export row is always the primary's). */
export async function runExport(sql: Db, id: string, read: Db = sql): Promise<void> {
	const [row] = await sql<{ userId: number; params: PeopleExportParams; rowsTotal: number }[]>`
		update report_exports set status = 'running', rows_done = 0, error = null where id = ${id}
		returning user_id as "userId", params, rows_total as "rowsTotal"`;
	if (!row) return; // expired and removed meanwhile
	const p = row.params;
	const tmp = `${exportPath(id)}.part`;
	const [prog] = await sql<
		{ id: number; deadline: Date }[]
	>`select id, deadline from programmes where id = ${p.programmeId}`;
	try {
		if (!prog) throw new Error('programme deleted');
		await mkdir(exportDir(), { recursive: true });
		const out = new PassThrough();
		const file = pipeline(out, createWriteStream(tmp));
		let last = 0;
		const written = await writePeopleXlsx(
			out,
			{ title: p.title, subtitle: p.subtitle, locale: p.locale },
			figuredBatches(
				read,
				prog.id,
				peopleCursor(read, {
					programme: prog,
					unitId: p.unitId,
					includeSub: p.includeSub,
					filter: p.filter,
					q: p.q,
					sort: p.sort,
					dir: p.dir
				})
			),
			async (done) => {
				if (done - last < 2000) return;
				last = done;
				await sql`update report_exports set rows_done = ${done} where id = ${id}`;
				push(row.userId, { id, status: 'running', rowsDone: done, rowsTotal: row.rowsTotal });
			}
		);
		await file;
		await rename(tmp, exportPath(id));
		await sql`
			update report_exports set status = 'done', rows_done = ${written}, rows_total = ${written}, finished_at = now()
			where id = ${id}`;
		push(row.userId, { id, status: 'done', rowsDone: written, rowsTotal: written });
	} catch (e) {
		await rm(tmp, { force: true });
		await sql`update report_exports set status = 'failed', error = ${String((e as Error).message ?? e)}, finished_at = now() where id = ${id}`;
		push(row.userId, { id, status: 'failed', rowsDone: 0, rowsTotal: row.rowsTotal });
		throw e;
	}
}

/** Deletes expired exports and their files. */
export async function removeExpiredExports(sql: Db): Promise<number> {
	const gone = await sql<
		{ id: string }[]
	>`delete from report_exports where expires_at <= now() returning id`;
	for (const { id } of gone) {
		await rm(exportPath(id), { force: true });
		await rm(`${exportPath(id)}.part`, { force: true });
	}
	return gone.length;
}

export async function exportFileSize(id: string): Promise<number | null> {
	return stat(exportPath(id)).then(
		(s) => s.size,
		() => null
	);
}
