// Watch progress: import { … } from '$lib/server/progress'.
export { startPlayback, answerPresence, HEARTBEAT_MS, type StartedPlayback } from './playbacks.ts';
export {
	commitHeartbeats,
	type HeartbeatItem,
	type HeartbeatResult,
	type HeartbeatOutcome
} from './commit.ts';
export { submitHeartbeat, heartbeatCommitter } from './service.ts';
export { GroupCommit } from './group-commit.ts';
export { extraCompletionRequirements, tryCompleteCourse, shanghaiYear } from './completion.ts';
export {
	myCourses,
	continueWatching,
	lessonProgress,
	oneLessonProgress,
	creditHoursThisYear,
	ledger,
	type MyCourse,
	type ContinueItem,
	type LessonCoverage,
	type LedgerEntry
} from './summaries.ts';
export { checkHeartbeat, checkStart, checkPresence, isUuid } from './validate.ts';
export { resumeTarget, courseCoverage, type ResumeAction, type LessonState } from './resume.ts';
