// Form fields → the input of createClass / updateClass / addSession, or a
// sentence saying what is wrong (in the request's language). Nothing is
// written for a refused form.
import { m } from '../../paraglide/messages.js';
import { fromWallClock } from '../clock/index.ts';
import { parseId } from '../../api/ids.ts';
import { classes as limits } from '../../api/limits.ts';
import type { NewClass, NewSession, SessionKind } from './classes.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const text = (form: FormData, name: string) => {
	const v = form.get(name);
	return typeof v === 'string' ? v.trim() : '';
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const optionalId = (v: string) => (v === '' ? null : parseId(v));

export function parseClassForm(form: FormData, organiserUnitId: number): Parsed<NewClass> {
	const title = text(form, 'title');
	if (!title || title.length > limits.title) return { ok: false, error: m.classes_err_title() };
	const [groupCode, fieldCode] = [text(form, 'groupCode') || null, text(form, 'fieldCode') || null];
	if (!groupCode && !fieldCode) return { ok: false, error: m.classes_err_category() };
	const [startsOn, endsOn] = [text(form, 'startsOn'), text(form, 'endsOn')];
	const start = DAY.test(startsOn) ? fromWallClock(startsOn) : null;
	const end = DAY.test(endsOn) ? fromWallClock(endsOn) : null;
	if (!start || !end || end < start || end.getTime() - start.getTime() > 365 * 86_400_000)
		return { ok: false, error: m.classes_err_dates() };
	const siteId = optionalId(text(form, 'siteId'));
	const locationText = text(form, 'locationText');
	if (siteId === null && text(form, 'siteId') !== '')
		return { ok: false, error: m.classes_err_location() };
	if ((siteId === null && !locationText) || locationText.length > limits.location)
		return { ok: false, error: m.classes_err_location() };
	const capacity = Number(text(form, 'capacity'));
	if (!Number.isInteger(capacity) || capacity < 1 || capacity > limits.capacity)
		return { ok: false, error: m.classes_err_capacity({ max: String(limits.capacity) }) };
	const share = Number(text(form, 'completionPercent') || '80');
	const { min, max } = limits.completionPercent;
	if (!Number.isInteger(share) || share < min || share > max)
		return { ok: false, error: m.classes_err_share() };
	return {
		ok: true,
		value: {
			title,
			groupCode,
			fieldCode,
			organiserUnitId,
			startsOn,
			endsOn,
			siteId,
			locationText,
			capacity,
			completionShare: share / 100
		}
	};
}

const KINDS: SessionKind[] = ['lecture', 'case_study', 'field_teaching', 'structured_discussion'];

export function parseSessionForm(form: FormData): Parsed<NewSession> {
	const topic = text(form, 'topic');
	if (!topic || topic.length > limits.topic) return { ok: false, error: m.classes_err_topic() };
	const kind = text(form, 'kind') as SessionKind;
	if (!KINDS.includes(kind)) return { ok: false, error: m.classes_err_kind() };
	const startsAt = fromWallClock(text(form, 'startsAt'));
	const endsAt = fromWallClock(text(form, 'endsAt'));
	if (
		!startsAt ||
		!endsAt ||
		endsAt <= startsAt ||
		endsAt.getTime() - startsAt.getTime() > 24 * 3_600_000
	)
		return { ok: false, error: m.classes_err_session_time() };
	const lecturerRaw = text(form, 'lecturerId');
	const lecturerId = optionalId(lecturerRaw);
	if (lecturerRaw && lecturerId === null) return { ok: false, error: m.classes_err_lecturer() };
	// the place: "site:<id>", "route:<id>", or "" with free text
	const place = /^(site|route):(\d+)$/.exec(text(form, 'place'));
	const placeText = text(form, 'placeText');
	const placeId = place ? parseId(place[2]) : null;
	if ((text(form, 'place') && placeId === null) || placeText.length > limits.location)
		return { ok: false, error: m.classes_err_place() };
	if (!place && !placeText) return { ok: false, error: m.classes_err_place() };
	return {
		ok: true,
		value: {
			startsAt,
			endsAt,
			topic,
			kind,
			lecturerId,
			siteId: place?.[1] === 'site' ? placeId : null,
			routeId: place?.[1] === 'route' ? placeId : null,
			placeText: place ? '' : placeText
		}
	};
}
