// Quizzes, papers, attempts, grading and results (the bank lives in ./bank).
// Route code imports from here.
export * from './attempts.ts';
export * from './submit.ts';
export * from './errors.ts';
export * from './learner.ts';
export * from './quizzes.ts';
export * from './stats.ts';
export { exportResults, XLSX_TYPE, type ExportLabels } from './export.ts';
export { checkQuizInput, parseBeijing, toBeijingInput, type RawQuiz } from './quiz-input.ts';
export { quizErrorMessage, formatBeijing, kindName } from './messages.ts';
export { scheduleDeadline } from './jobs.ts';
export { poolQuestions } from './pool.ts';
export type * from './types.ts';
