/**
 * The `beforeSend` stage: the user's hook sees each event before the final checks and may change it (the
 * result is sanitized again) or return `null` to filter it out (counted as `filtered`). A hook that throws is
 * reported and the event goes on unchanged. No hook, no stage: the client skips it.
 */
import type {UmamiEvent} from '../types.js';
import type {PayloadBuilder} from './payload.js';
import type {Reporter} from './reporting.js';
import type {Counters} from './stats.js';

/** One event through the hook: the event to send, or `null` when the hook filtered it out. */
export type BeforeSendStage = (event: UmamiEvent) => UmamiEvent | null;

/** What the stage needs of its instance. */
export interface BeforeSendParts {
	readonly build: PayloadBuilder;
	readonly report: Reporter;
	readonly counts: Counters;
}

/** The stage around `hook`, or undefined without a hook. */
export function createBeforeSend(
	hook: ((event: UmamiEvent) => UmamiEvent | null) | undefined,
	parts: BeforeSendParts,
): BeforeSendStage | undefined {
	if (hook === undefined) return undefined;
	const {build, report, counts} = parts;
	return (event) => {
		let final: UmamiEvent | null;
		try {
			final = hook(event);
		} catch (error) {
			// The hook failed, not the event: report it and send the event as it was.
			report.hookFailed('beforeSend threw; the event was kept unchanged', error);
			final = event;
		}
		if (final === null) {
			counts.filtered++;
			return null;
		}
		return final === event ? event : build.event(final.type, build.resanitize(final.payload), final);
	};
}
