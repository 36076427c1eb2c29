// Study programmes (专题学习) and their assignments:
// import { … } from '$lib/server/programmes'.
// It follows org and progress through the reactions in reactions.ts (people
// changed, a unit moved, a course completed, learning activity, a playback's
// anti-idling limits), registered at start by ../domains.ts.
export {
	syncAssignments,
	syncPeople,
	syncUnitSubtree,
	type SyncResult,
	type SyncScope
} from './audience.ts';
export { onCourseCompleted, onLearningActivity, refreshAssignments } from './status.ts';
export { dueActivity, ACTIVITY_EVERY_MS } from './activity.ts';
export { programmeSettings, type ProgrammeSettings } from './anti-idling.ts';
export { programmeReactions } from './reactions.ts';
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
export { hourRequirement, studyRecord, studyRecordView, type StudyRecord } from './study-record.ts';
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
