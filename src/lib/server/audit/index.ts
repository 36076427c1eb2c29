// The audit log of administrative actions (migration 0160): append-only, one
// row per action, written in the same transaction as the action when the
// caller passes its transaction.
//
//   import * as audit from '$lib/server/audit';
//   await audit.record(tx, { actor: user, action: 'person.update', target: `user:${id}`,
//     detail: { roles: { from, to } }, ip: event.getClientAddress() });
//
// `ip` is the edge's client address (event.getClientAddress(): adapter-node's
// ADDRESS_HEADER / XFF_DEPTH behind nginx). Never pass passwords or tokens in
// `detail`: what is recorded here is shown to every administrator.
import type { Db } from '../db/index.ts';

/** The actions this build records (the admin page's filter lists them). Add yours here. */
export const ACTIONS = [
	'roster.import',
	'person.update',
	'person.roles',
	'person.scopes',
	'person.disable',
	'person.enable',
	'person.password_reset',
	'credit_rules.create',
	'credit_rules.delete',
	'programme.publish',
	'programme.archive',
	'programme.delete',
	'ledger.manual',
	'ledger.record',
	'ledger.void',
	'ledger.import',
	'live.concentrated'
] as const;
export type AuditAction = (typeof ACTIONS)[number];

export interface AuditActor {
	id: number;
	employeeNo: string;
	name: string;
}

export interface AuditInput {
	/** Who did it; null for the system itself (a script, a job). */
	actor: AuditActor | null;
	action: AuditAction;
	/** What it was done to, e.g. `user:42`, `programme:7`, a file name. */
	target?: string;
	detail?: Record<string, unknown>;
	ip?: string | null;
}

export interface AuditEntry {
	id: number;
	at: Date;
	actorId: number | null;
	actorLabel: string;
	action: string;
	target: string;
	detail: Record<string, unknown>;
	ip: string | null;
}

const label = (a: AuditActor | null) => (a ? `${a.employeeNo} ${a.name}`.slice(0, 120) : 'system');

/** Appends one entry; returns its id. */
export async function record(sql: Db, input: AuditInput): Promise<number> {
	const [row] = await sql<{ id: number }[]>`
		insert into audit_log (actor_id, actor_label, action, target, detail, ip)
		values (${input.actor?.id ?? null}, ${label(input.actor)}, ${input.action},
			${(input.target ?? '').slice(0, 300)}, ${sql.json((input.detail ?? {}) as never)},
			${input.ip ? input.ip.slice(0, 64) : null})
		returning id`;
	return row.id;
}

export interface AuditQuery {
	/** Part of the actor's employee number or name. */
	actor?: string;
	action?: string;
	from?: Date | null;
	/** Exclusive. */
	until?: Date | null;
	page?: number;
}

export const PAGE_SIZE = 50;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One page of entries, newest first, and how many match in all. */
export async function search(
	sql: Db,
	q: AuditQuery
): Promise<{ rows: AuditEntry[]; total: number; page: number; pages: number }> {
	const actor = q.actor?.trim() ? `%${likeEscape(q.actor.trim())}%` : null;
	const action = q.action && (ACTIONS as readonly string[]).includes(q.action) ? q.action : null;
	const where = sql`
		(${actor}::text is null or actor_label ilike ${actor})
		and (${action}::text is null or action = ${action})
		and (${q.from ?? null}::timestamptz is null or at >= ${q.from ?? null})
		and (${q.until ?? null}::timestamptz is null or at < ${q.until ?? null})`;
	const [{ n }] = await sql<{ n: number }[]>`select count(*) as n from audit_log where ${where}`;
	const pages = Math.max(1, Math.ceil(n / PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.floor(q.page ?? 1) || 1), pages);
	const rows = await sql<AuditEntry[]>`
		select id, at, actor_id as "actorId", actor_label as "actorLabel", action, target, detail, ip
		from audit_log where ${where}
		order by at desc, id desc
		limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`;
	return { rows, total: n, page, pages };
}
