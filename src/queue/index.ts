/**
 * The bounded delivery queue: batching, backoff, outage hold-and-probe, flush and shutdown.
 * Knows nothing about HTTP; the client wires it to a transport through {@link SendBatch}.
 */
export {createQueue} from './queue.js';
export {DEFAULT_BACKOFF, backoffCeiling, fullJitterDelay} from './backoff.js';
export type {EventQueue, OverflowPolicy, QueueCounters, QueueOptions, SendBatch} from './types.js';
