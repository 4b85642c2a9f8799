/** A scripted `send` and recording callbacks for queue tests (items are plain numbers). */
import {createQueue} from '../../src/queue/index.js';
import type {EventQueue, QueueOptions} from '../../src/queue/index.js';
import type {DeliveryResult, DropReason} from '../../src/types.js';

export interface SentBatch {
	readonly items: readonly number[];
	readonly signal: AbortSignal;
	readonly at: number;
	/** Settles this batch (only when the responder returned `'defer'`). */
	resolve(results: readonly DeliveryResult[]): void;
}

export type Responder = (
	items: readonly number[],
	batchNumber: number,
) => readonly DeliveryResult[] | 'defer';

export interface Harness {
	readonly queue: EventQueue<number>;
	readonly batches: SentBatch[];
	readonly delivered: number[];
	readonly drops: {item: number; reason: DropReason; detail: string}[];
	readonly retries: {count: number; result: DeliveryResult}[];
	setResponder(responder: Responder): void;
	dropped(reason: DropReason): number[];
}

export const delivered: DeliveryResult = {status: 'delivered'};
export const down: DeliveryResult = {status: 'retry', kind: 'network', detail: 'network error ECONNREFUSED'};
export const serverError: DeliveryResult = {
	status: 'retry',
	kind: 'server',
	httpStatus: 500,
	detail: 'HTTP 500',
};
export const all =
	(result: DeliveryResult): Responder =>
	(items) =>
		items.map(() => result);

export function harness(
	overrides: Partial<QueueOptions<number>> = {},
	responder: Responder = all(delivered),
): Harness {
	const batches: SentBatch[] = [];
	const deliveredItems: number[] = [];
	const drops: Harness['drops'] = [];
	const retries: Harness['retries'] = [];
	let respond = responder;
	const queue = createQueue<number>({
		maxSize: 1000,
		batchSize: 5,
		flushIntervalMs: 1000,
		maxInFlight: 2,
		overflow: 'drop_oldest',
		backoff: {baseMs: 100, maxMs: 1000},
		maxAttempts: 3,
		maxEventAgeMs: 60_000,
		send: (items, signal) =>
			new Promise((resolve) => {
				const answer = respond(items, batches.length);
				batches.push({items: [...items], signal, at: Date.now(), resolve});
				if (answer !== 'defer') resolve(answer);
			}),
		onDrop: (item, reason, detail) => drops.push({item, reason, detail}),
		onDelivered: (item) => deliveredItems.push(item),
		onRetry: (count, result) => retries.push({count, result}),
		now: () => Date.now(),
		...overrides,
	});
	return {
		queue,
		batches,
		delivered: deliveredItems,
		drops,
		retries,
		setResponder: (next) => {
			respond = next;
		},
		dropped: (reason) => drops.filter((drop) => drop.reason === reason).map((drop) => drop.item),
	};
}

/** Lets microtasks (the queue's pump and settled sends) run without moving the fake clock. */
export async function settle(): Promise<void> {
	for (let index = 0; index < 10; index++) await Promise.resolve();
}

export function range(from: number, to: number): number[] {
	return Array.from({length: to - from}, (_, index) => from + index);
}
