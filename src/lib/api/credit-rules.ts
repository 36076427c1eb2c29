// The credit rule set (学时规则) as an administrator edits it, and the bounds
// the form shows and the server checks.

export interface RuleSet {
	/** Course length bands: ≥ longMinutes earns longHours; ≤ shortMinutes earns shortHours; between, midHours. */
	course: {
		longMinutes: number;
		shortMinutes: number;
		longHours: number;
		midHours: number;
		shortHours: number;
	};
	/** Passing a course test. */
	testPassHours: number;
	/** Live sessions credit their own hours when attendance meets this. */
	live: { minPresencePercent: number; requireAllCheckins: boolean };
	/** One day of an offline class. */
	offlineDayHours: number;
	/** One session taught by a staff lecturer. */
	teachingSessionHours: number;
}

export interface RuleVersion {
	id: number;
	/** First day in force (organisation's zone), YYYY-MM-DD. */
	validFrom: string;
	/** Last day in force, or null while no later version exists. */
	validTo: string | null;
	note: string;
	createdBy: string | null;
	/** Entries in the ledger earned under this version. */
	entries: number;
	rules: RuleSet;
}

export const bounds = {
	/** Any one rule's hours: 0 to 20 学时, in hundredths. */
	hoursMax: 20,
	minutesMax: 600,
	presencePercentMin: 50,
	noteMax: 500
} as const;
