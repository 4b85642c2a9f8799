/** Timer helpers shared by the queue and the client: a timer must never keep the process alive. */

/** What `setTimeout` returns in this runtime. */
export type TimerHandle = ReturnType<typeof setTimeout>;

/**
 * Lets the process exit while `handle` is pending, and returns it. Deno and Workers may hand out plain
 * numbers, which never hold the process; Node and Bun return objects with `unref`.
 */
export function unref(handle: TimerHandle): TimerHandle {
	const timer = handle as {unref?: unknown};
	if (typeof timer === 'object' && timer !== null && typeof timer.unref === 'function') {
		(timer as {unref: () => void}).unref();
	}
	return handle;
}

/**
 * Resolves on a later turn of the event loop, after the callbacks already queued for this one (such as the
 * printing of a `process.emitWarning`). Holds the process for that one turn only.
 */
export function nextTurn(): Promise<void> {
	return new Promise((resolve) => {
		setTimeout(resolve, 0);
	});
}
