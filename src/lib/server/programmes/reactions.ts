// How study programmes follow progress and org (see ../reactions.ts).
import type { Reactions } from '../reactions.ts';
import { dueActivity } from './activity.ts';
import { programmeSettings } from './anti-idling.ts';
import { syncPeople, syncUnitSubtree } from './audience.ts';
import { onCourseCompleted, onLearningActivity } from './status.ts';

export const programmeReactions: Reactions = {
	courseCompleted: onCourseCompleted,
	async learningActivity(tx, { started, touched }, at) {
		// A first lesson_progress row always counts; otherwise a person not touched for a while.
		const pairs = [...started, ...dueActivity(touched, at.getTime())];
		if (pairs.length) await onLearningActivity(tx, pairs, at);
	},
	async peopleChanged(tx, userIds) {
		await syncPeople(tx, userIds);
	},
	async unitMoved(tx, unitId) {
		await syncUnitSubtree(tx, unitId);
	},
	playbackLimits: programmeSettings
};
