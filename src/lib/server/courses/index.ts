// Courses, lessons and their files (see each module). Route code imports from here.
export * from './access.ts';
export * from './attachments.ts';
export * from './catalogue.ts';
export * from './categories.ts';
export * from './courses.ts';
export * from './errors.ts';
export { contentTypeOf, isPdf, mediaDir, readStored, resolveStored, sniffImage } from './files.ts';
export * from './lecturers.ts';
export * from './lesson-files.ts';
export * from './lessons.ts';
export { sanitizeReading, READING_TAGS } from './sanitize.ts';
export * from './validation.ts';
export { courseErrorMessage, statusLabel, formatDuration } from './messages.ts';
