/**
 * Serverless delivery through the platform's `waitUntil`: one flush per tick, handed to the platform so it
 * keeps the function alive until the events tracked in this tick are delivered (batching still spans the tick).
 */
import type {FlushResult} from '../types.js';
import type {Reporter} from './reporting.js';

/** The flushes of one instance handed to `waitUntil`. */
export class WaitUntil {
	readonly #waitUntil: (promise: Promise<unknown>) => void;
	readonly #flush: () => Promise<FlushResult>;
	readonly #report: Reporter;
	#scheduled = false;

	constructor(
		waitUntil: (promise: Promise<unknown>) => void,
		flush: () => Promise<FlushResult>,
		report: Reporter,
	) {
		this.#waitUntil = waitUntil;
		this.#flush = flush;
		this.#report = report;
	}

	/** Schedules this tick's flush, once per tick. */
	schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		queueMicrotask(() => {
			this.#scheduled = false;
			try {
				this.#waitUntil(this.#flush());
			} catch (error) {
				this.#report.hookFailed('waitUntil threw', error);
			}
		});
	}
}
