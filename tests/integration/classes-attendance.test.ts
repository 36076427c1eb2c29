// Check-in codes (expiry, replay, other session/class), the three ways of
// attendance, completion into the 学时 ledger, certificates and evaluations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchema, type TestDb } from '../../src/lib/server/db/test-schema';
import { addSession, setStatus } from '../../src/lib/server/classes/classes';
import { nominate } from '../../src/lib/server/classes/enrolment';
import {
	personalCode,
	screenCode,
	QR_STEP_SECONDS,
	TYPED_STEP_SECONDS
} from '../../src/lib/server/classes/codes';
import { checkIn, markByPersonalCode, markManual } from '../../src/lib/server/classes/attendance';
import { finishClass } from '../../src/lib/server/classes/completion';
import {
	certificateOf,
	certificatePdf,
	verifyCertificate
} from '../../src/lib/server/classes/certificates';
import { evaluate, evaluationResults } from '../../src/lib/server/classes/evaluations';
import { ClassError } from '../../src/lib/server/classes/errors';
import { person, world } from './class-fixtures';

let t: TestDb;
beforeAll(async () => {
	t = await createTestSchema();
});
afterAll(() => t.drop());

const code = (p: Promise<unknown>) =>
	p.then(
		() => 'ok',
		(e) => (e instanceof ClassError ? e.code : Promise.reject(e))
	);

async function setup() {
	const w = await world(t.sql, 10);
	const day = (h: number) =>
		new Date(`2026-05-1${1 + Math.floor(h / 24)}T${String(h % 24).padStart(2, '0')}:00:00+08:00`);
	const sessions: number[] = [];
	for (let i = 0; i < 5; i++)
		sessions.push(
			await addSession(t.sql, w.classId, {
				startsAt: day(i * 24 + 9),
				endsAt: day(i * 24 + 11),
				topic: `专题${i + 1}`,
				kind: 'lecture',
				lecturerId: i === 0 ? w.lecturerId : null,
				siteId: null,
				routeId: null,
				placeText: `第${w.classId}教室`
			})
		);
	const a = await person(t.sql, w.townB);
	const b = await person(t.sql, w.townB);
	const outsider = await person(t.sql, w.townB);
	await nominate(t.sql, { classId: w.classId, actor: w.admin, userIds: [a.id, b.id] });
	await setStatus(t.sql, w.classId, 'running');
	return { ...w, sessions, a, b, outsider };
}

describe('class attendance and completion', () => {
	it('refuses overlapping sessions for one lecturer or one place, in any class', async () => {
		const w = await setup();
		const base = {
			startsAt: new Date('2026-05-11T10:00:00+08:00'),
			endsAt: new Date('2026-05-11T12:00:00+08:00'),
			topic: '重叠',
			kind: 'case_study' as const,
			siteId: null,
			routeId: null
		};
		expect(
			await code(
				addSession(t.sql, w.classId, { ...base, lecturerId: w.lecturerId, placeText: '别处' })
			)
		).toBe('lecturer_busy');
		expect(
			await code(
				addSession(t.sql, w.classId, {
					...base,
					lecturerId: null,
					placeText: ` 第${w.classId}教室 `
				})
			)
		).toBe('place_busy');
		expect(
			await code(
				addSession(t.sql, w.classId, { ...base, lecturerId: null, placeText: '', siteId: w.siteId })
			)
		).toBe('ok');
		expect(
			await code(
				addSession(t.sql, w.classId, { ...base, lecturerId: null, placeText: '', siteId: w.siteId })
			)
		).toBe('place_busy');
		// back to back is no overlap
		expect(
			await code(
				addSession(t.sql, w.classId, {
					...base,
					startsAt: base.endsAt,
					endsAt: new Date('2026-05-11T13:00:00+08:00'),
					lecturerId: w.lecturerId,
					placeText: '别处'
				})
			)
		).toBe('ok');
	});

	it('rotating QR: current works once; expired, replayed, other session and other class are refused', async () => {
		const w = await setup();
		const other = await setup();
		const now = Date.now();
		const screen = await screenCode(t.sql, w.classId, w.sessions[0], now);
		expect(
			await code(
				checkIn(
					t.sql,
					{ userId: w.a.id, classId: w.classId, sessionId: w.sessions[1], qr: screen.token },
					now
				)
			)
		).toBe('code_other_session');
		expect(
			await code(
				checkIn(t.sql, { userId: w.outsider.id, classId: w.classId, qr: screen.token }, now)
			)
		).toBe('not_enrolled');
		const ok = await checkIn(
			t.sql,
			{
				userId: w.a.id,
				classId: w.classId,
				sessionId: w.sessions[0],
				qr: `http://x/classes/checkin?t=${screen.token}`
			},
			now
		);
		expect(ok.sessionId).toBe(w.sessions[0]);
		expect(
			await code(checkIn(t.sql, { userId: w.a.id, classId: w.classId, qr: screen.token }, now))
		).toBe('code_replayed');
		const old = await screenCode(t.sql, w.classId, w.sessions[0], now - 3 * QR_STEP_SECONDS * 1000);
		expect(
			await code(checkIn(t.sql, { userId: w.b.id, classId: w.classId, qr: old.token }, now))
		).toBe('code_expired');
		const theirs = await screenCode(t.sql, other.classId, other.sessions[0], now);
		expect(
			await code(checkIn(t.sql, { userId: w.b.id, classId: w.classId, qr: theirs.token }, now))
		).toBe('code_other_class');
		const forged = screen.token.replace(`.${w.sessions[0]}.`, `.${w.sessions[2]}.`);
		expect(
			await code(checkIn(t.sql, { userId: w.b.id, classId: w.classId, qr: forged }, now))
		).toBe('code_invalid');
		const rows =
			await t.sql`select user_id, method from class_attendance where class_id = ${w.classId}`;
		expect(rows).toEqual([{ user_id: w.a.id, method: 'screen_qr' }]);
	});

	it('typed fallback: current works, expired and other session refused', async () => {
		const w = await setup();
		const now = Date.now();
		const s1 = await screenCode(t.sql, w.classId, w.sessions[1], now);
		expect(
			await code(
				checkIn(
					t.sql,
					{ userId: w.a.id, classId: w.classId, sessionId: w.sessions[2], typed: s1.typed },
					now
				)
			)
		).toBe('code_other_session');
		const old = await screenCode(
			t.sql,
			w.classId,
			w.sessions[1],
			now - 5 * TYPED_STEP_SECONDS * 1000
		);
		if (old.typed !== s1.typed)
			expect(
				await code(
					checkIn(
						t.sql,
						{ userId: w.a.id, classId: w.classId, sessionId: w.sessions[1], typed: old.typed },
						now
					)
				)
			).toBe('code_expired');
		expect(
			await code(
				checkIn(
					t.sql,
					{ userId: w.a.id, classId: w.classId, sessionId: w.sessions[1], typed: s1.typed },
					now
				)
			)
		).toBe('ok');
		expect(
			await code(
				checkIn(
					t.sql,
					{ userId: w.a.id, classId: w.classId, sessionId: w.sessions[1], typed: s1.typed },
					now
				)
			)
		).toBe('code_replayed');
	});

	it('personal code and manual marking write the same record; completion earns 学时, teaching and a certificate', async () => {
		const w = await setup();
		const pc = await personalCode(t.sql, w.classId, w.a.id);
		expect(
			(
				await markByPersonalCode(t.sql, {
					classId: w.classId,
					sessionId: w.sessions[0],
					code: pc,
					by: w.admin.id
				})
			).userId
		).toBe(w.a.id);
		expect(
			await code(
				markByPersonalCode(t.sql, {
					classId: w.classId,
					sessionId: w.sessions[0],
					code: pc.slice(0, -1) + (pc.endsWith('A') ? 'B' : 'A'),
					by: w.admin.id
				})
			)
		).toBe('code_invalid');
		expect(
			await code(
				markManual(t.sql, {
					classId: w.classId,
					sessionId: w.sessions[0],
					userId: w.outsider.id,
					status: 'present',
					by: w.admin.id
				})
			)
		).toBe('not_enrolled');
		// a: 4 of 5 (80%) → completes; b: 3 of 5 → does not
		for (const s of w.sessions.slice(1, 4)) {
			await markManual(t.sql, {
				classId: w.classId,
				sessionId: s,
				userId: w.a.id,
				status: 'late',
				by: w.admin.id
			});
			await markManual(t.sql, {
				classId: w.classId,
				sessionId: s,
				userId: w.b.id,
				status: 'present',
				by: w.admin.id
			});
		}
		await markManual(t.sql, {
			classId: w.classId,
			sessionId: w.sessions[4],
			userId: w.a.id,
			status: 'absent',
			by: w.admin.id
		});
		await markManual(t.sql, {
			classId: w.classId,
			sessionId: w.sessions[4],
			userId: w.b.id,
			status: 'excused',
			by: w.admin.id
		});
		const [{ n }] =
			await t.sql`select count(*) as n from class_attendance where class_id = ${w.classId}`;
		expect(n).toBe(9);

		// evaluations: only attendees, once
		expect(
			await code(
				evaluate(t.sql, {
					userId: w.b.id,
					sessionId: w.sessions[0],
					sessionScore: 5,
					lecturerScore: 5,
					comment: ''
				})
			)
		).toBe('not_attended');
		expect(
			await code(
				evaluate(t.sql, {
					userId: w.a.id,
					sessionId: w.sessions[0],
					sessionScore: 6,
					lecturerScore: 5,
					comment: ''
				})
			)
		).toBe('score_range');
		expect(
			await code(
				evaluate(t.sql, {
					userId: w.a.id,
					sessionId: w.sessions[0],
					sessionScore: 4,
					lecturerScore: 5,
					comment: '很实用'
				})
			)
		).toBe('ok');
		expect(
			await code(
				evaluate(t.sql, {
					userId: w.a.id,
					sessionId: w.sessions[0],
					sessionScore: 1,
					lecturerScore: 1,
					comment: ''
				})
			)
		).toBe('evaluated_twice');
		const [r0] = await evaluationResults(t.sql, w.classId);
		expect(r0).toMatchObject({ count: 1, sessionAvg: 4, lecturerAvg: 5, comments: ['很实用'] });

		const out = await finishClass(t.sql, w.classId);
		expect(out).toEqual({ completed: [w.a.id], notCompleted: [w.b.id], hours: 30 });
		const ledger = await t.sql`
			select l.user_id, l.source, l.source_id, l.hours, l.year, l.rule_version_id = credit_version_at(l.earned_at) as versioned
			from credit_ledger l where source in ('offline', 'teaching') and (user_id = any(${[w.a.id, w.b.id, w.leaderA.id]}::int[]))
			order by source`;
		expect(ledger.map((r) => ({ ...r, hours: Number(r.hours) }))).toEqual([
			{
				user_id: w.a.id,
				source: 'offline',
				source_id: String(w.classId),
				hours: 30,
				year: 2026,
				versioned: true
			},
			{
				user_id: w.leaderA.id,
				source: 'teaching',
				source_id: `class_session:${w.sessions[0]}`,
				hours: 2,
				year: 2026,
				versioned: true
			}
		]);
		expect(await code(finishClass(t.sql, w.classId))).toBe('finished');
		expect(
			await code(
				markManual(t.sql, {
					classId: w.classId,
					sessionId: w.sessions[4],
					userId: w.a.id,
					status: 'present',
					by: w.admin.id
				})
			)
		).toBe('finished');

		const cert = await certificateOf(t.sql, w.classId, w.a.id);
		expect(cert).not.toBeNull();
		expect(await certificateOf(t.sql, w.classId, w.b.id)).toBeNull();
		const sig = cert!.signature;
		expect((await verifyCertificate(t.sql, cert!.cert.serial, sig)).valid).toBe(true);
		expect(
			(
				await verifyCertificate(
					t.sql,
					cert!.cert.serial,
					sig.slice(0, -1) + (sig.endsWith('A') ? 'B' : 'A')
				)
			).valid
		).toBe(false);
		// tampering with the stored record shows too
		await t.sql`update class_certificates set hours = 60 where serial = ${cert!.cert.serial}`;
		expect((await verifyCertificate(t.sql, cert!.cert.serial, sig)).valid).toBe(false);
		const pdf = await certificatePdf(cert!.cert, `http://x${cert!.path}`, {
			heading: '结业证书',
			body: `${cert!.cert.holderName} 同志`,
			serial: '编号',
			verify: '验证'
		});
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	});
});
