// Forms of /admin/sites: a base or point, a route with its ordered stops.
// Reads the fields, saves through the sites module, turns refusals into
// messages in the UI language.
import { fail } from '@sveltejs/kit';
import * as limits from '$lib/api/limits';
import { m } from '$lib/paraglide/messages.js';
import { db } from '$lib/server/db';
import { saveRoute, saveSite, type SiteFieldError, type SiteInput } from '$lib/server/sites';

export function siteErrorMessage(e: SiteFieldError): string {
	const max = String(e.params?.max ?? '');
	if (e.field === 'stops') {
		if (e.code === 'too_many') return m.pool_route_err_stops_too_many({ max });
		if (e.code === 'duplicate') return m.pool_route_err_stops_duplicate();
		if (e.code === 'unknown') return m.pool_route_err_stops_unknown();
		return m.pool_route_err_stops_required();
	}
	switch (e.code) {
		case 'required':
			return m.pool_err_required();
		case 'too_long':
			return m.pool_err_too_long({ max });
		case 'taken':
			return m.pool_site_err_taken();
		default:
			return e.field === 'capacity'
				? m.pool_site_err_capacity({ max: String(limits.site.capacityMax) })
				: m.pool_err_invalid();
	}
}

const text = (form: FormData, k: string, max = 1000) => String(form.get(k) ?? '').slice(0, max);

/** Saves a posted base/point (id null: create); null when the site is gone. */
export async function submitSite(form: FormData, id: number | null) {
	const values: SiteInput = {
		kind: text(form, 'kind', 10),
		name: text(form, 'name'),
		level: text(form, 'level', 20),
		address: text(form, 'address'),
		theme: text(form, 'theme'),
		capacity: text(form, 'capacity', 20),
		contact: text(form, 'contact')
	};
	const r = await saveSite(db(), id, values);
	if (r === null) return null;
	if (r.ok) return { ok: true as const, id: r.id };
	const errors: Record<string, string> = {};
	for (const e of r.errors) errors[e.field] ??= siteErrorMessage(e);
	return { ok: false as const, failure: fail(400, { action: 'site' as const, errors, values }) };
}

/** Saves a posted route: `stop` fields in order. */
export async function submitRoute(form: FormData, id: number | null) {
	const stops = form
		.getAll('stop')
		.map((s) => String(s))
		.filter((s) => s !== '')
		.slice(0, limits.site.routeStops + 1)
		.map(Number)
		.filter((n) => Number.isSafeInteger(n) && n > 0);
	const values = { name: text(form, 'name'), theme: text(form, 'theme'), stops };
	const r = await saveRoute(db(), id, values);
	if (r === null) return null;
	if (r.ok) return { ok: true as const, id: r.id };
	const errors: Record<string, string> = {};
	for (const e of r.errors) errors[e.field] ??= siteErrorMessage(e);
	return { ok: false as const, failure: fail(400, { action: 'route' as const, errors, values }) };
}
