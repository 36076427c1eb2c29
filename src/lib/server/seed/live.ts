// Demo live session: scheduled to start at seeding time for the whole demo
// county, with the demo `lecturer` presenting, so right after `npm start`
// `lecturer` can go live from /live and `learner` (五工台村, in the county)
// can join.
import type { Db } from '../db/index.ts';
import { newStreamKey } from '../live/sessions.ts';

export const DEMO_LIVE_TITLE = '直播辅导：学习贯彻党的二十大精神';

export async function seedDemoLive(sql: Db): Promise<number | null> {
	const [county] = await sql<{ id: number }[]>`
		select u.id from org_units u join org_units p on p.id = u.parent_id where u.name = '呼图壁县' and p.name = '昌吉州'`;
	const [lecturer] = await sql<
		{ id: number }[]
	>`select id from users where employee_no = 'lecturer'`;
	if (!county || !lecturer) return null;
	const [s] = await sql<{ id: number }[]>`
		insert into live_sessions (title, description, lecturer_id, created_by, starts_at, expected_minutes, stream_key, credit_hours)
		values (${DEMO_LIVE_TITLE}, ${'面向呼图壁县全体干部的直播辅导，可提问、投票和签到；结束后生成回放课。'},
			${lecturer.id}, ${lecturer.id}, now(), 60, ${newStreamKey()}, 1)
		returning id`;
	await sql`insert into live_session_units (session_id, unit_id) values (${s.id}, ${county.id})`;
	return s.id;
}
