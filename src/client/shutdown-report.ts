/**
 * Why a shutdown's deadline left events behind when Umami was answering: too many waited for the deadline
 * (a backlog), most of all on an Umami without `/api/batch`, where each event is its own request. Told apart
 * from a server that did not answer (the health warnings' `current`), which `umami-guard check` diagnoses:
 * for a backlog it has nothing to find, so it is not suggested.
 */

import {countEvents} from './logger.js';

/** What a shutdown knew when its deadline ended it (counts only: no event content). */
export interface ShutdownBacklog {
	/** The deadline, in ms. */
	readonly deadlineMs: number;
	/** When the shutdown began (by the instance's clock). */
	readonly startedAt: number;
	/** What set the deadline (an index of {@link DEADLINE_SETTINGS}). */
	readonly deadlineSetting: DeadlineSetting;
	/** Events held when the shutdown began (waiting, in flight, read back from the outbox). */
	readonly waiting: number;
	/** Events delivered before the deadline. */
	readonly sent: number;
	/** Each event was its own request (`/api/send`: an Umami without `/api/batch`, or `endpoint: 'send'`). */
	readonly requestPerEvent: boolean;
	/** The durable outbox is on (what is left stays in it: nothing to suggest there). */
	readonly outbox: boolean;
}

/**
 * What sets a shutdown's deadline, as the user writes it: `shutdown()`, a signal or the natural exit with
 * exit hooks, the natural exit without them. Numbers in the core (every byte of it counts), words here.
 */
const DEADLINE_SETTINGS = [
	'shutdown(timeoutMs)',
	'exitHooks.timeoutMs',
	'the natural exit: await shutdown(timeoutMs) before it',
] as const;

/** An index of {@link DEADLINE_SETTINGS}. */
export type DeadlineSetting = 0 | 1 | 2;

/** What the instance tells of its shutdown; the rest the sending stages know. */
export type ShutdownFacts = Omit<ShutdownBacklog, 'deadlineMs' | 'requestPerEvent'>;

/** The backlog cause of a shutdown's drops, safe to log (counts and setting names only). */
export function describeBacklog(backlog: ShutdownBacklog): string {
	const perEvent = backlog.requestPerEvent ? ' (one request per event: this Umami has no /api/batch)' : '';
	const keep = backlog.outbox
		? ''
		: ', or enable the outbox (outbox.enabled) to keep what is left for the next start';
	return (
		`Umami was answering, but the deadline of ${backlog.deadlineMs} ms (${DEADLINE_SETTINGS[backlog.deadlineSetting]}) was too short ` +
		`for the backlog: ${countEvents(backlog.waiting)} were waiting, ${backlog.sent} sent before the deadline${perEvent}; ` +
		`give it a longer deadline${keep}`
	);
}
