// What the lecturer forms share: their action results.
/** What every lecturer form action returns (ok or a refusal). */
export type FormResult =
	| { action?: string; ok?: string; error?: string; values?: Record<string, string> }
	| null
	| undefined;

export const resultFor = (form: FormResult, action: string) =>
	form?.action === action ? form : null;
