/**
 * How long the transport waits for an answer: the configured timeout, doubled once after a request timed
 * out, back to the configured one as soon as an answer comes within half of it.
 *
 * Why: a slow Umami (an overloaded database, a proxy queueing requests) usually stores the event and only
 * answers late. A request that times out there is retried and stored twice, and a client that keeps the
 * same timeout times out — and duplicates — every answer that is slower than it. After one timeout the
 * next requests wait twice as long (TCP's retransmission timer backs off the same way, RFC 6298 §5.5), so
 * answers between one and two timeouts are taken instead of duplicated; one doubling only, so a server
 * that never answers is still noticed within two timeouts. Only a clearly fast answer (within half the
 * configured timeout) ends it: a server whose answers straddle the timeout would otherwise flip it back and
 * time out again every other request.
 * @internal
 */
export class Patience {
	readonly #baseMs: number;
	#currentMs: number;

	constructor(timeoutMs: number) {
		this.#baseMs = timeoutMs;
		this.#currentMs = timeoutMs;
	}

	/** The timeout for the next request. */
	current(): number {
		return this.#currentMs;
	}

	/** A request timed out: wait twice the configured timeout from now on. */
	timedOut(): void {
		this.#currentMs = this.#baseMs * 2;
	}

	/** A request got its answer after `elapsedMs`: one within half the configured timeout ends the extension. */
	answered(elapsedMs: number): void {
		if (elapsedMs * 2 <= this.#baseMs) this.#currentMs = this.#baseMs;
	}
}
