// Notification kinds → text in the current UI language. Client-safe (no
// server imports): the notification centre and the live toast both use it.
// Other areas add their kinds here with a one-line entry.
import { m } from '$lib/paraglide/messages.js';
import { formatTime, withZone } from '$lib/client/clock';

export type NotificationParams = Record<string, unknown>;
type Render = (p: NotificationParams) => string;

const s = (v: unknown) => (v == null ? '' : String(v));
const n = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0);

export const kinds: Record<string, Render> = {
	// to a live session's audience and lecturer, shortly before it starts (live/jobs.ts)
	live_starting: (p) =>
		m.notif_live_starting({
			title: s(p.title),
			// the organisation's clock, labelled, in the reader's language
			time: withZone(formatTime(s(p.startsAt)))
		}),
	// to an assignee not started / not finished, N days before the deadline
	programme_deadline: (p) =>
		p.status === 'not_started'
			? m.notif_programme_deadline_not_started({ title: s(p.title), days: n(p.days) })
			: m.notif_programme_deadline({ title: s(p.title), days: n(p.days) }),
	// to a unit leader: counts of people behind in their scope
	programme_leader_summary: (p) =>
		m.notif_leader_summary({
			title: s(p.title),
			days: n(p.days),
			notStarted: n(p.notStarted),
			inProgress: n(p.inProgress)
		}),
	// 催学: a unit leader's reminder to someone who has not finished (reports/nudges.ts)
	programme_nudge: (p) =>
		m.notif_programme_nudge({ title: s(p.title), deadline: s(p.deadline), from: s(p.from) })
};

export function renderNotification(kind: string, params: NotificationParams): string {
	const render = kinds[kind];
	return render ? render(params ?? {}) : m.notif_unknown();
}
