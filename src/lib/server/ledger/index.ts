// The training archive's administrator entries (issue 12): manual entries
// with a reason and a scanned certificate, out-of-region training and
// secondments, voids, and the bulk import of past records (./import).
export { addManualEntry, addTrainingRecord, attachmentError, type Written } from './entries.ts';
export { voidEntry, type VoidResult } from './voids.ts';
export { listEntries, attachmentPathOf } from './list.ts';
export { readAttachment } from './attachments.ts';
export { parseManualForm, parseRecordForm, type EntryError } from './validate.ts';
export { entryErrorMessage, fieldLabel, type LabelKey } from './messages.ts';
