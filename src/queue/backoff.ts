/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").
 * Pure functions: the random source is injectable so tests can pin the bounds.
 */

/**
 * Recommended backoff for the delivery queue: first delay up to 500 ms, never more than 1 s.
 *
 * The cap is deliberately short. While Umami is unreachable the queue sends **one** probe batch per
 * backoff step (not `maxInFlight` parallel failures), so a 1 s cap costs a dead server at most about two
 * refused connections per second per instance (the mean of a full-jitter delay is half the cap), yet
 * recovery is noticed within 1 s and the held queue drains at full concurrency right after — the issue
 * requires the last event of a 10 s outage at 500 events/s to arrive within 2 s of recovery. A server
 * that wants fewer requests says so with `Retry-After`, which the queue honours (capped by the transport).
 */
export const DEFAULT_BACKOFF: {readonly baseMs: number; readonly maxMs: number} = Object.freeze({
	baseMs: 500,
	maxMs: 1000,
});

/**
 * The upper bound of the delay before retry number `attempt` (0-based): `min(maxMs, baseMs · 2^attempt)`.
 * Never negative, never `NaN`; safe for very large attempt numbers.
 */
export function backoffCeiling(attempt: number, baseMs: number, maxMs: number): number {
	const cap = Math.max(0, maxMs);
	const base = Math.max(0, baseMs);
	// 2^31 already exceeds any sensible cap: avoid overflowing to Infinity · 0 = NaN.
	const exponent = Math.min(Math.max(0, Math.floor(attempt)), 31);
	return Math.min(cap, base * 2 ** exponent);
}

/**
 * Full-jitter delay before retry number `attempt` (0-based): uniform in `[0, backoffCeiling(attempt))`.
 *
 * @example
 * ```ts
 * fullJitterDelay(0, 500, 1000); // 0 ≤ d < 500
 * fullJitterDelay(5, 500, 1000); // 0 ≤ d < 1000
 * ```
 */
export function fullJitterDelay(
	attempt: number,
	baseMs: number,
	maxMs: number,
	random: () => number = Math.random,
): number {
	return Math.floor(random() * backoffCeiling(attempt, baseMs, maxMs));
}
