// The spreadsheet upload of an import form (roster import, question-bank
// import): the file's bytes, or the refusal the import page shows when there
// is nothing to read (no file chosen, too large) — before any parsing.

/** What an import page shows when it refuses a file (see ImportErrors.svelte). */
export interface ImportFailure {
	fileName: string;
	fileErrors: string[];
	rowErrors: { row: number; column: string; message: string }[];
	errorCount: number;
}

export type Upload =
	{ ok: true; fileName: string; bytes: Uint8Array } | { ok: false; failure: ImportFailure };

/** The form's `file` field. Messages are thunks: worked out only for a refusal, in the request's language. */
export async function uploadedFile(
	form: FormData,
	maxBytes: number,
	say: { required: () => string; tooLarge: () => string }
): Promise<Upload> {
	const file = form.get('file');
	if (!(file instanceof File) || (file.size === 0 && !file.name)) {
		return {
			ok: false,
			failure: { fileErrors: [say.required()], rowErrors: [], errorCount: 1, fileName: '' }
		};
	}
	const fileName = file.name.slice(0, 200);
	if (file.size > maxBytes)
		return {
			ok: false,
			failure: { fileErrors: [say.tooLarge()], rowErrors: [], errorCount: 1, fileName }
		};
	return { ok: true, fileName, bytes: new Uint8Array(await file.arrayBuffer()) };
}
