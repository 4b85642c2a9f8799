import {unref} from '../timers.js';

/**
 * A per-request signal: aborts when the caller's signal aborts or when the timeout fires, and tells which
 * one happened. Composed by hand rather than with `AbortSignal.any` so it runs on every runtime with
 * `AbortController` and leaves no listener behind on a long-lived caller signal.
 * @internal
 */
export interface RequestSignal {
	/** Pass this to `fetch`. */
	readonly signal: AbortSignal;
	/** True when the timeout fired before the caller aborted. */
	timedOut(): boolean;
	/** Clears the timer and detaches from the caller's signal. Call it once the body has been read. */
	dispose(): void;
}

/** Builds a {@link RequestSignal}; the timer is `unref`'d where timers are objects. */
export function requestSignal(parent: AbortSignal | undefined, timeoutMs: number): RequestSignal {
	const controller = new AbortController();
	let timedOut = false;
	const onAbort = (): void => controller.abort(parent?.reason);
	if (parent?.aborted) controller.abort(parent.reason);
	else parent?.addEventListener('abort', onAbort, {once: true});
	const timer = unref(
		setTimeout(() => {
			if (controller.signal.aborted) return;
			timedOut = true;
			controller.abort(new Error(`timeout after ${timeoutMs} ms`));
		}, timeoutMs),
	);
	return {
		signal: controller.signal,
		timedOut: () => timedOut,
		dispose: () => {
			clearTimeout(timer);
			parent?.removeEventListener('abort', onAbort);
		},
	};
}
