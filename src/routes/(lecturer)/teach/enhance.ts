// use:enhance callback for the lecturer forms: marks the page busy while a
// form is submitted, and keeps typed values (no reset) unless asked.
import type { SubmitFunction } from '@sveltejs/kit';

export function busyEnhance(setBusy: (b: boolean) => void, reset = false): SubmitFunction {
	return () => {
		setBusy(true);
		return async ({ update }) => {
			await update({ reset });
			setBusy(false);
		};
	};
}

/** What every lecturer form action returns (ok or a refusal). */
export type FormResult = { action?: string; ok?: string; error?: string; values?: Record<string, string> } | null | undefined;

export const resultFor = (form: FormResult, action: string) => (form?.action === action ? form : null);
