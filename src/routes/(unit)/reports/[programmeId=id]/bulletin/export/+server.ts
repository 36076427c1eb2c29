import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime';
import { safeFilename, xlsxResponse } from '$lib/server/reports/export/respond';
import { writeBulletinXlsx } from '$lib/server/reports/export/xlsx';
import { loadBulletin } from '../bulletin.server';

export const GET: RequestHandler = async (event) => {
	const { programme, bulletin, rootName } = await loadBulletin(event);
	const when = bulletin.live
		? m.report_bulletin_live({ day: bulletin.day })
		: m.report_bulletin_snapshot({ day: bulletin.day });
	const meta = {
		title: m.report_bulletin_title({ title: programme.title }),
		subtitle: `${rootName} ${m.report_bulletin_level_n({ n: bulletin.level })} · ${when}`,
		locale: getLocale()
	};
	return xlsxResponse(
		safeFilename(programme.title, m.report_sheet_bulletin(), bulletin.day),
		(out) => writeBulletinXlsx(out, meta, bulletin.rows)
	);
};
