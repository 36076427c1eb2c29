// Input limits, declared once. Forms show them (maxlength, the size a file
// picker names) and the server's validation checks the same numbers, so the
// browser can never allow what the server then refuses, or the reverse.
// Lengths are in characters; sizes in bytes.

const MiB = 1024 * 1024;

/** Search boxes: longer input is cut to this, not refused (a pasted paragraph still searches). */
export const search = {
	text: 100,
	/** People by name or 工号 within a unit or a report. */
	people: 50,
	/** A unit path typed as 县/乡/村 on the admin people list. */
	unitPath: 500
} as const;

export const account = {
	/** users.employee_no is shorter (see roster import); a sign-in typing more cannot match. */
	employeeNo: 64,
	passwordMin: 8,
	passwordMax: 128,
	name: 50,
	position: 100,
	phone: 30
} as const;

export const unit = { name: 100 } as const;

export const course = {
	title: 200,
	description: 5000,
	lessonTitle: 200,
	lessons: 200,
	readingHtml: 200_000,
	captionLang: 10,
	captionLabel: 50
} as const;

export const programme = { title: 200, description: 5000, list: 2000 } as const;

export const live = {
	title: 200,
	description: 5000,
	chat: 500,
	question: 300,
	pollQuestion: 200,
	pollOption: 100,
	/** a session's expected length */
	minutes: { min: 5, max: 600 },
	/** 学时 a session credits */
	creditMax: 20
} as const;

export const quiz = {
	title: 200,
	/** whole minutes; empty: no limit */
	timeLimitMinutes: { min: 1, max: 360 },
	/** empty: unlimited */
	attempts: { min: 1, max: 100 },
	passPercent: { min: 1, max: 100 },
	/** questions one draw rule takes from the bank */
	ruleCount: { min: 0, max: 200 },
	/** a question's points, in steps of 0.5 */
	points: { min: 0.5, max: 100 }
} as const;

export const question = {
	stem: 2000,
	option: 500,
	explanation: 4000,
	tag: 30,
	tags: 10,
	/** The comma-separated tags field: ten tags of 30 plus separators, with room to spare. */
	tagsField: 400
} as const;

export const files = {
	cover: 2 * MiB,
	pdf: 20 * MiB,
	captions: 1 * MiB,
	roster: 20 * MiB,
	questionBank: 10 * MiB,
	video: 4 * 1024 * MiB
} as const;

/** Whole megabytes, for messages and file-picker hints. */
export const megabytes = (bytes: number): number => Math.round(bytes / MiB);

/** The training archive's entries by an administrator (manual, out-of-region, secondment, import). */
export const ledger = {
	/** One manual entry: more 学时 than this is a typing mistake, not a record. */
	entryHoursMax: 200,
	/** One out-of-region training or secondment (months long: 3 months ≈ 550 学时 under the 条例). */
	recordHoursMax: 600,
	/** No entry before this day (the first credit rule version is in force from it). */
	earliestDay: '2000-01-01',
	reason: 500,
	title: 200,
	organisation: 200,
	place: 200,
	/** A scanned certificate (PDF, JPEG or PNG). */
	attachment: 10 * MiB,
	/** The xlsx of past records. */
	importFile: 20 * MiB,
	importRows: 50_000
} as const;

/** Offline training classes (班次): the same bounds as the 0110 checks. */
export const classes = {
	title: 200,
	location: 200,
	topic: 200,
	comment: 500,
	capacity: 10000,
	quota: 10000,
	/** the share of sessions attended that completes the class, in whole percent */
	completionPercent: { min: 1, max: 100 },
	/** 工号 pasted into the organiser's selection box (about 400 people at once). */
	selection: 4000,
	/** The typed check-in code shown beside the room's QR (classes/codes.ts). */
	typedCode: 6
} as const;

/** The lecturer pool (师资库): as the lecturers table's checks in 0100. */
export const lecturer = {
	name: 50,
	organisation: 100,
	title: 100,
	topic: 30,
	topics: 20,
	/** Topics typed as one comma-separated field. */
	topicsField: 700,
	bio: 2000,
	photo: 2 * MiB
} as const;

/** Field teaching bases, points and routes: as teaching_sites / teaching_routes in 0100. */
export const site = {
	name: 100,
	address: 200,
	theme: 200,
	contact: 100,
	capacityMax: 100000,
	/** Digits of the capacity field (capacityMax has six). */
	capacityDigits: 6,
	routeStops: 50
} as const;
