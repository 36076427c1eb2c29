// A lesson's video status as one line of text (from media_assets).
import { m } from '$lib/paraglide/messages.js';
import type { LessonRow } from '$lib/server/courses';

export function mediaLabel(
	l: Pick<LessonRow, 'mediaId' | 'mediaStatus' | 'mediaProgress' | 'mediaError'>
): string {
	if (!l.mediaId || !l.mediaStatus) return m.course_media_none();
	switch (l.mediaStatus) {
		case 'uploaded':
			return m.course_media_uploaded();
		case 'validated':
			return m.course_media_validated();
		case 'transcoding':
			return m.course_media_transcoding({ progress: Math.round(l.mediaProgress ?? 0) });
		case 'ready':
			return m.course_media_ready();
		case 'failed':
			return m.course_media_failed({ error: l.mediaError ?? '' });
	}
}
