// Study programmes (专题学习) and their assignments:
// import { … } from '$lib/server/programmes'.
// Hooks for other domains (call inside their transactions):
// - syncPeople(tx, userIds): people created, edited, moved, (de)activated;
// - syncUnitSubtree(tx, unitId): a unit moved in the tree;
// - onCourseCompleted(tx, userId, courseId, at): progress/completion.ts;
// - onLearningActivity(tx, pairs, at): the heartbeat batch (progress/commit.ts).
export { syncAssignments, syncPeople, syncUnitSubtree, type SyncResult, type SyncScope } from './audience.ts';
export { onCourseCompleted, onLearningActivity, refreshAssignments } from './status.ts';
export { dueActivity, ACTIVITY_EVERY_MS } from './activity.ts';
export { programmeSettings, effectiveSettings, type ProgrammeSettings } from './anti-idling.ts';
export { publishProgramme, archiveProgramme, deleteDraft, type PublishResult } from './publish.ts';
export { saveProgramme, type SaveResult } from './store.ts';
export { canManageProgramme, manageableFilter, programmeId } from './access.ts';
export {
	getProgramme,
	listProgrammes,
	publishedCourses,
	searchPeople,
	type ProgrammeDetail,
	type ProgrammeListItem,
	type ProgrammeStatus
} from './queries.ts';
export { myTasks, type Task, type TaskCourse } from './tasks.ts';
export {
	validateProgramme,
	shanghaiDay,
	shanghaiDate,
	deadlineDay,
	type ProgrammeRaw,
	type ProgrammeInput,
	type ProgrammeError,
	type ProgrammeField
} from './validate.ts';
