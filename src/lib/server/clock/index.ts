// The organisation's clock on the server: the zone from config
// (XUEFAN_TIME_ZONE) bound into the shared rules of src/lib/time/zone.ts.
// Import { … } from '$lib/server/clock'.
import { config } from '../config.js';
import * as z from '../../time/zone.ts';

/** The organisation's time zone (default Asia/Shanghai). */
export const orgZone = (): string => config().timeZone;

export const dayOf = (at: Date) => z.dayOf(at, orgZone());
export const yearOf = (at: Date) => z.yearOf(at, orgZone());
export const wallClock = (at: Date) => z.wallClock(at, orgZone());
export const fromWallClock = (text: string) => z.fromWallClock(text, orgZone());
export const startOfDay = (day: string) => z.startOfDay(day, orgZone());
export const deadlineFromDay = (day: string) => z.deadlineFromDay(day, orgZone());
export const deadlineDay = (deadline: Date) => z.deadlineDay(deadline, orgZone());
export const formatDay = (at: Date) => z.formatDay(at, orgZone());
export const formatTime = (at: Date) => z.formatTime(at, orgZone());
export const formatStamp = (at: Date) => z.formatStamp(at, orgZone());
export const formatDate = (at: Date, locale: string) => z.formatDate(at, locale, orgZone());
export const formatDateTime = (at: Date, locale: string) => z.formatDateTime(at, locale, orgZone());
export const zoneLabel = () => z.zoneLabel(orgZone());
export const withZone = (text: string) => z.withZone(text, orgZone());
export const formatDeadline = (deadline: Date) => z.formatDeadline(deadline, orgZone());
export { nextDay, DEFAULT_TIME_ZONE } from '../../time/zone.ts';

/**
 * An instant as Excel should show it: exceljs writes a Date's UTC fields as
 * the cell's (zone-less) wall clock, so shift it to the organisation's.
 */
export function excelDate(at: Date): Date {
	return new Date(at.getTime() + z.offsetMs(at, orgZone()));
}
