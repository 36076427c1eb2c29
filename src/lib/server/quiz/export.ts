// The lecturer's xlsx export of a quiz's results, written with exceljs's
// streaming writer (rows go out as they are read; memory stays flat for a
// prefecture-wide quiz). Sheet 1: one row per graded attempt; sheet 2: per question.
import { formatStamp } from '../clock/index.ts';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../db/index.ts';
import { quizStats } from './stats.ts';
import type { Quiz } from './types.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ExportLabels {
	attempts: string;
	questions: string;
	attemptHeaders: string[]; // 工号, 姓名, 单位, 第几次, 开始, 交卷, 方式, 得分, 满分, 百分比, 及格
	questionHeaders: string[]; // 题号, 题型, 题干, 作答人次, 答对人次, 正确率, 最常选错误项, 人次
	yes: string;
	no: string;
	byDeadline: string;
	byLearner: string;
}

// The organisation's wall time with seconds (zone offsets are whole minutes).
const beijing = (d: Date | null) =>
	d ? `${formatStamp(d)}:${String(d.getUTCSeconds()).padStart(2, '0')}` : '';

/** A web stream of the workbook (for a Response body). */
export function exportResults(
	sql: Db,
	quiz: Quiz,
	labels: ExportLabels
): ReadableStream<Uint8Array> {
	const out = new PassThrough();
	const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: false,
		useSharedStrings: false
	});
	(async () => {
		const sheet = wb.addWorksheet(labels.attempts);
		sheet.addRow(labels.attemptHeaders).commit();
		await sql`
			select u.employee_no, u.name, o.name as unit, a.number, a.started_at, a.submitted_at, a.submitted_by, a.score, a.max_score, a.passed
			from quiz_attempts a join users u on u.id = a.user_id left join org_units o on o.id = u.unit_id
			where a.quiz_id = ${quiz.id} and a.submitted_at is not null
			order by u.employee_no, a.number`.cursor(1000, (rows) => {
			for (const r of rows) {
				const score = Number(r.score);
				const max = Number(r.max_score);
				sheet
					.addRow([
						r.employee_no,
						r.name,
						r.unit ?? '',
						r.number,
						beijing(r.started_at),
						beijing(r.submitted_at),
						r.submitted_by === 'deadline' ? labels.byDeadline : labels.byLearner,
						score,
						max,
						max > 0 ? Math.round((score / max) * 10000) / 100 : 0,
						r.passed ? labels.yes : labels.no
					])
					.commit();
			}
		});
		sheet.commit();
		const stats = await quizStats(sql, quiz);
		const qs = wb.addWorksheet(labels.questions);
		qs.addRow(labels.questionHeaders).commit();
		for (const q of stats.questions) {
			qs.addRow([
				q.questionId,
				q.kind,
				q.stem,
				q.shown,
				q.correct,
				q.shown ? Math.round((q.correct / q.shown) * 1000) / 10 : 0,
				q.topWrong?.text ?? '',
				q.topWrong?.count ?? 0
			]).commit();
		}
		qs.commit();
		await wb.commit();
	})().catch((e) => out.destroy(e));
	return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}
