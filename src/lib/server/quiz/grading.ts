// Grading, pure (no database, no clock). Rules:
// - single and true/false: full points when the one chosen option is the key;
// - multiple, all-or-nothing (default): full points only for exactly the key;
// - multiple, partial credit (a quiz setting): any wrong option chosen → 0;
//   otherwise points × (correct chosen / size of the key). Choosing a wrong
//   option must cost everything, or "tick every box" would earn full marks.
// Scores are kept to two decimals (numeric(8, 2) in quiz_attempts).
import type { Answers, PaperItem } from './types.ts';

export interface QuestionMark {
	questionId: number;
	awarded: number;
	points: number;
	/** full points */
	correct: boolean;
	chosen: number[];
}

export interface Grade {
	score: number;
	maxScore: number;
	percent: number;
	passed: boolean;
	marks: QuestionMark[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function markQuestion(
	item: PaperItem,
	chosenRaw: readonly number[] | undefined,
	partialCredit: boolean
): QuestionMark {
	const chosen = [...new Set(chosenRaw ?? [])].sort((a, b) => a - b);
	const key = new Set(item.answer);
	const hits = chosen.filter((c) => key.has(c)).length;
	const wrong = chosen.length - hits;
	const exact = wrong === 0 && hits === key.size;
	let awarded = 0;
	if (exact) awarded = item.points;
	else if (item.kind === 'multiple' && partialCredit && wrong === 0 && hits > 0)
		awarded = round2((item.points * hits) / key.size);
	return { questionId: item.questionId, awarded, points: item.points, correct: exact, chosen };
}

export function gradePaper(
	paper: readonly PaperItem[],
	answers: Answers,
	opts: { partialCredit: boolean; passPercent: number }
): Grade {
	const marks = paper.map((item) =>
		markQuestion(item, answers[String(item.questionId)], opts.partialCredit)
	);
	const score = round2(marks.reduce((s, q) => s + q.awarded, 0));
	const maxScore = round2(paper.reduce((s, q) => s + q.points, 0));
	const percent = maxScore > 0 ? round2((score / maxScore) * 100) : 0;
	// Compare in hundredths to avoid 59.999… < 60 float surprises.
	const passed =
		maxScore > 0 && Math.round(score * 10000) >= Math.round(opts.passPercent * maxScore * 100);
	return { score, maxScore, percent, passed, marks };
}
