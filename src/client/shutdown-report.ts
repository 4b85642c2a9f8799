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
	/** The setting that sets the deadline, as the user writes it (`shutdown(timeoutMs)`, `exitHooks.timeoutMs`). */
	readonly deadlineSetting: string;
	/** Events held when the shutdown began (waiting, in flight, read back from the outbox). */
	readonly waiting: number;
	/** Events delivered before the deadline. */
	readonly sent: number;
	/** Each event was its own request (`/api/send`: an Umami without `/api/batch`, or `endpoint: 'send'`). */
	readonly requestPerEvent: boolean;
	/** The durable outbox is on (what is left stays in it: nothing to suggest there). */
	readonly outbox: boolean;
}

/** The backlog cause of a shutdown's drops, safe to log (counts and setting names only). */
export function describeBacklog(backlog: ShutdownBacklog): string {
	const perEvent = backlog.requestPerEvent ? ' (one request per event: this Umami has no /api/batch)' : '';
	const keep = backlog.outbox
		? ''
		: ', or enable the outbox (outbox.enabled) to keep what is left for the next start';
	return (
		`Umami was answering, but the deadline of ${backlog.deadlineMs} ms (${backlog.deadlineSetting}) was too short ` +
		`for the backlog: ${countEvents(backlog.waiting)} were waiting, ${backlog.sent} sent before the deadline${perEvent}; ` +
		`give it a longer deadline${keep}`
	);
}
