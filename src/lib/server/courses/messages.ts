// CourseError → a sentence in the current UI language, for form actions.
import { m } from '../../paraglide/messages.js';
import { CourseError } from './errors.ts';
import type { CourseStatus } from './courses.ts';

export function courseErrorMessage(e: CourseError): string {
	const p = e.params;
	const n = (k: string) => Number(p[k]);
	switch (e.code) {
		case 'not_found':
			return m.course_err_not_found();
		case 'lesson_not_found':
			return m.course_err_lesson_not_found();
		case 'title_empty':
			return m.course_err_title_empty();
		case 'title_too_long':
			return m.course_err_title_too_long({ max: n('max') });
		case 'description_too_long':
			return m.course_err_description_too_long({ max: n('max') });
		case 'category_invalid':
			return m.course_err_category_invalid();
		case 'ratio_invalid':
			return m.course_err_ratio_invalid({ min: n('min'), max: n('max') });
		case 'rate_invalid':
			return m.course_err_rate_invalid({ min: n('min'), max: n('max') });
		case 'status_invalid':
			return m.course_err_status_invalid();
		case 'publish_needs_ready_lesson':
			return m.course_err_publish_needs_ready_lesson();
		case 'lesson_delete_not_draft':
			return m.course_err_lesson_delete_not_draft();
		case 'lecturer_not_lecturer':
			return m.course_err_lecturer_not_lecturer();
		case 'lecturer_last':
			return m.course_err_lecturer_last();
		case 'file_missing':
			return m.course_err_file_missing();
		case 'file_too_large':
			return m.course_err_file_too_large({ max: n('max') });
		case 'image_type':
			return m.course_err_image_type();
		case 'pdf_type':
			return m.course_err_pdf_type();
		case 'vtt_type':
			return m.course_err_vtt_type();
		case 'vtt_encoding':
			return m.course_err_vtt_encoding();
		case 'caption_lang':
			return m.course_err_caption_lang();
		case 'caption_label':
			return m.course_err_caption_label({ max: n('max') });
		case 'reading_too_long':
			return m.course_err_reading_too_long({ max: n('max') });
		case 'lessons_too_many':
			return m.course_err_lessons_too_many({ max: n('max') });
	}
}

export function statusLabel(status: CourseStatus | string): string {
	if (status === 'published') return m.course_status_published();
	if (status === 'archived') return m.course_status_archived();
	return m.course_status_draft();
}

/** "1 小时 5 分钟" / "12 分钟" / "40 秒"; null → "duration pending". */
export function formatDuration(seconds: number | null | undefined): string {
	if (!seconds || seconds <= 0) return m.course_duration_unknown();
	if (seconds < 60) return m.course_duration_s({ s: Math.round(seconds) });
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) return m.course_duration_m({ m: minutes });
	return m.course_duration_hm({ h: Math.floor(minutes / 60), m: minutes % 60 });
}
