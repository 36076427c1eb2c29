// The training archive's ledger entries as the admin pages show them.

/** Every source of 学时 in credit_ledger (migration 0101). */
export const LEDGER_SOURCES = [
	'course',
	'live',
	'offline',
	'exam',
	'teaching',
	'out_of_region',
	'secondment',
	'manual'
] as const;
export type LedgerSource = (typeof LEDGER_SOURCES)[number];

/** What an administrator records by hand (a form or the import). */
export type EnteredSource = 'manual' | 'out_of_region' | 'secondment';
export type RecordKind = 'out_of_region' | 'secondment';

export interface LedgerVoid {
	by: string | null;
	/** organisation-zone stamp, YYYY-MM-DD HH:MM:SS */
	at: string;
	reason: string;
}

export interface LedgerRecordDetail {
	title: string;
	organisation: string;
	place: string;
	startsOn: string;
	endsOn: string;
}

export interface LedgerEntryView {
	id: number;
	source: LedgerSource;
	/** the day it was earned, YYYY-MM-DD in the organisation's zone */
	day: string;
	year: number;
	hours: number;
	note: string | null;
	/** who entered it (null: written by the system) */
	enteredBy: string | null;
	enteredAt: string;
	hasAttachment: boolean;
	record: LedgerRecordDetail | null;
	voided: LedgerVoid | null;
}
