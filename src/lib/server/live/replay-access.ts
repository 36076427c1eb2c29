// The replay link a person is shown: only when they may open the replay's
// course (a draft, or a course limited to another audience, would be a 404).
import type { SessionUser } from '../auth/types.ts';
import { canViewCourse } from '../courses/access.ts';
import type { Db } from '../db/index.ts';

interface WithReplay {
	replayLessonId: number | null;
	replayCourseId: number | null;
}

export async function shownReplay<T extends WithReplay>(
	sql: Db,
	user: Pick<SessionUser, 'id' | 'roles'>,
	s: T
): Promise<T> {
	if (!s.replayCourseId || (await canViewCourse(sql, user, s.replayCourseId))) return s;
	return { ...s, replayLessonId: null, replayCourseId: null };
}
