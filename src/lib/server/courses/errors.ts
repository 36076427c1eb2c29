// A refused course operation: `code` (+ params) maps to a message in the UI
// language (course_err_<code>, see messages.ts); nothing was written.
export type CourseErrorCode =
	| 'not_found'
	| 'lesson_not_found'
	| 'title_empty'
	| 'title_too_long'
	| 'description_too_long'
	| 'category_invalid'
	| 'ratio_invalid'
	| 'rate_invalid'
	| 'status_invalid'
	| 'publish_needs_ready_lesson'
	| 'lesson_delete_not_draft'
	| 'lecturer_not_lecturer'
	| 'lecturer_last'
	| 'file_missing'
	| 'file_too_large'
	| 'image_type'
	| 'pdf_type'
	| 'vtt_type'
	| 'vtt_encoding'
	| 'caption_lang'
	| 'caption_label'
	| 'reading_too_long'
	| 'lessons_too_many';

export class CourseError extends Error {
	constructor(
		public readonly code: CourseErrorCode,
		public readonly params: Record<string, string | number> = {}
	) {
		super(`course: ${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
		this.name = 'CourseError';
	}
}
