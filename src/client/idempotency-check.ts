/**
 * The idempotency stage: an event whose context carries an idempotency key already recorded (a webhook its
 * sender delivered again) is dropped as `duplicate`, and one whose key is unusable as `invalid`; the key of
 * an event that was queued is recorded.
 */
import type {UmamiEvent} from '../types.js';
import {digestKey, keyProblem, type IdempotencyRecord} from './idempotency.js';
import type {Reporter} from './reporting.js';

/** Checks and records the idempotency keys of one instance. */
export class IdempotencyCheck {
	/** The digests recorded (the outbox seeds it from its journal). */
	readonly record: IdempotencyRecord;
	readonly #report: Reporter;

	constructor(record: IdempotencyRecord, report: Reporter) {
		this.record = record;
		this.#report = report;
	}

	/** The digest of `key`, the event's idempotency key; `false` when the event is dropped for it. */
	digest(event: UmamiEvent, key: unknown): string | false {
		const problem = keyProblem(key);
		if (problem !== undefined) {
			this.#report.drop(event, 'invalid', problem);
			return false;
		}
		const digest = digestKey(key as string);
		if (this.record.has(digest)) {
			this.#report.drop(event, 'duplicate', 'its idempotency key was recorded before');
			return false;
		}
		return digest;
	}
}
