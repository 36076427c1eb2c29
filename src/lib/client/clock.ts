// The organisation's clock in the browser: the zone the server configured
// (XUEFAN_TIME_ZONE, sent with the root layout's data), never the device's,
// bound into the shared rules of $lib/time/zone. Call from components (it
// reads the page's data).
import { page } from '$app/state';
import { getLocale } from '$lib/paraglide/runtime.js';
import * as z from '$lib/time/zone';

/** The organisation's zone as the server sent it. */
export const orgZone = (): string =>
	(page.data as { timeZone?: string }).timeZone ?? z.DEFAULT_TIME_ZONE;

type When = Date | string | number;
const at = (d: When) => (d instanceof Date ? d : new Date(d));

export const formatTime = (d: When) => z.formatTime(at(d), orgZone());
export const formatStamp = (d: When) => z.formatStamp(at(d), orgZone());
export const formatDay = (d: When) => z.formatDay(at(d), orgZone());
export const formatDate = (d: When) => z.formatDate(at(d), getLocale(), orgZone());
export const formatDateTime = (d: When) => z.formatDateTime(at(d), getLocale(), orgZone());
export const wallClock = (d: When) => z.wallClock(at(d), orgZone());
export const zoneLabel = () => z.zoneLabel(orgZone());
export const withZone = (text: string) => z.withZone(text, orgZone());
