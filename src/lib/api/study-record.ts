// A person's study record as pages show it (the learner's home page, the
// administrator's person page); built by $lib/server/programmes/study-record.
export interface StudyRecordView {
	year: number;
	hours: number;
	/** the yearly requirement of the person's rank level; null: none */
	requirement: number | null;
	courses: {
		courseId: number;
		title: string;
		lessons: number;
		completedLessons: number;
		coverage: number;
		completed: boolean;
	}[];
	programmes: {
		programmeId: number;
		title: string;
		status: 'not_started' | 'in_progress' | 'completed';
		requiredDone: number;
		requiredTotal: number;
		deadlineOn: string;
	}[];
}
