// What an administrator types for a lecturer of the pool (师资库): every
// field checked, every problem collected as a field and a code (rendered in
// the UI language by the page), nothing stored unless all is well.
import * as limits from '../../api/limits.ts';

export const LECTURER_LEVELS = ['region', 'prefecture', 'county'] as const;
export type LecturerLevel = (typeof LECTURER_LEVELS)[number];

export interface LecturerInput {
	/** external: no account; staff: linked to a user by employee number */
	external: boolean;
	employeeNo: string;
	name: string;
	level: string;
	organisation: string;
	title: string;
	/** comma-, 、- or newline-separated */
	topics: string;
	bio: string;
}

export interface LecturerValue {
	external: boolean;
	employeeNo: string | null;
	name: string;
	level: LecturerLevel;
	organisation: string;
	title: string;
	topics: string[];
	bio: string;
}

export type LecturerField =
	'employeeNo' | 'name' | 'level' | 'organisation' | 'title' | 'topics' | 'bio' | 'photo';
export type LecturerErrorCode =
	| 'required'
	| 'too_long'
	| 'invalid'
	| 'too_many'
	| 'unknown_user'
	| 'user_taken'
	| 'bad_photo'
	| 'photo_too_large';
export interface LecturerFieldError {
	field: LecturerField;
	code: LecturerErrorCode;
	params?: Record<string, string | number>;
}

const len = (s: string) => [...s].length;

export function splitTopics(text: string): string[] {
	const seen = new Set<string>();
	for (const t of text.split(/[,，、;；\n]/)) {
		const topic = t.normalize('NFKC').trim();
		if (topic) seen.add(topic);
	}
	return [...seen];
}

export function validateLecturer(
	input: LecturerInput
): { ok: true; value: LecturerValue } | { ok: false; errors: LecturerFieldError[] } {
	const errors: LecturerFieldError[] = [];
	const L = limits.lecturer;
	const name = input.name.trim();
	if (!name) errors.push({ field: 'name', code: 'required' });
	else if (len(name) > L.name)
		errors.push({ field: 'name', code: 'too_long', params: { max: L.name } });
	const employeeNo = input.employeeNo.normalize('NFKC').trim();
	if (!input.external && !employeeNo) errors.push({ field: 'employeeNo', code: 'required' });
	if (!(LECTURER_LEVELS as readonly string[]).includes(input.level))
		errors.push({ field: 'level', code: 'invalid' });
	const organisation = input.organisation.trim();
	if (len(organisation) > L.organisation)
		errors.push({ field: 'organisation', code: 'too_long', params: { max: L.organisation } });
	const title = input.title.trim();
	if (len(title) > L.title)
		errors.push({ field: 'title', code: 'too_long', params: { max: L.title } });
	const topics = splitTopics(input.topics);
	if (topics.length > L.topics)
		errors.push({ field: 'topics', code: 'too_many', params: { max: L.topics } });
	else if (topics.some((t) => len(t) > L.topic))
		errors.push({ field: 'topics', code: 'too_long', params: { max: L.topic } });
	const bio = input.bio.trim();
	if (len(bio) > L.bio) errors.push({ field: 'bio', code: 'too_long', params: { max: L.bio } });
	if (errors.length) return { ok: false, errors };
	return {
		ok: true,
		value: {
			external: input.external,
			employeeNo: input.external ? null : employeeNo,
			name,
			level: input.level as LecturerLevel,
			organisation,
			title,
			topics,
			bio
		}
	};
}
