import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A `use:enhance` submit function that marks the form busy while it is in
 * flight (its buttons disable: no double submits on a slow network), then
 * runs `after` (e.g. close a confirmation). `reset: false` keeps typed values.
 */
export function whileBusy(
	setBusy: (busy: boolean) => void,
	{ reset = true, after }: { reset?: boolean; after?: () => void } = {}
): SubmitFunction {
	return () => {
		setBusy(true);
		return async ({ update }) => {
			await update({ reset });
			setBusy(false);
			after?.();
		};
	};
}
