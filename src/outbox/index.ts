/**
 * The durable outbox (opt-in, Node only): a write-ahead journal of sanitized events that survives
 * `kill -9` and is replayed on the next start. See docs/outbox.md.
 */
export {openOutbox} from './cli.js';
export {createOutbox, journalFiles, readJournalStatus} from './journal.js';
export {readJournalStatuses, type AppJournalStatus} from './listing.js';
export type {
	CliOutbox,
	CliOutboxOptions,
	Outbox,
	OutboxOptions,
	OutboxStatus,
	PendingEvent,
	ReplayProgress,
	ReplaySend,
} from './types.js';
