// The socket.io room names, built in one place: the server joins sockets to
// these and every emitter targets them, so a typo cannot split the two.

export const rooms = {
	/** every device of one person (notifications, job progress, supersession, live self-state) */
	user: (userId: number) => `user:${userId}`,
	/** everyone who joined a live session's room */
	live: (sessionId: number) => `live:${sessionId}`,
	/** the session's lecturers only (hands, mutes, viewer counts, check-in counts) */
	liveLecturers: (sessionId: number) => `live:${sessionId}:lecturers`
} as const;
