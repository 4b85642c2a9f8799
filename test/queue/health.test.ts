import {describe, expect, it} from 'vitest';
import {agedOutReason, isItemSpecific, judgeBatch, type RetryResult} from '../../src/queue/health.js';

const retry = (kind: RetryResult['kind'], extra: Partial<RetryResult> = {}): RetryResult => ({
	status: 'retry',
	kind,
	detail: kind,
	...extra,
});
const fresh = (result: RetryResult) => ({entry: {attempts: 0}, result});
const suspect = (result: RetryResult) => ({entry: {attempts: 1}, result});

describe('judgeBatch (the pure health decision)', () => {
	it('a batch without retries means the server is fine', () => {
		expect(judgeBatch(3, [])).toEqual({health: 'ok', wholeQueueWaits: false});
	});

	it('no answer at all means unreachable, even when others settled', () => {
		expect(judgeBatch(2, [fresh(retry('timeout'))]).health).toBe('unreachable');
		expect(judgeBatch(0, [fresh(retry('network'))])).toEqual({health: 'unreachable', wholeQueueWaits: true});
	});

	it('5xx to every event is failing; 5xx beside settled events is item-specific', () => {
		const failing = judgeBatch(0, [fresh(retry('server')), fresh(retry('rate_limited'))]);
		expect(failing).toEqual({health: 'failing', wholeQueueWaits: true});
		expect(isItemSpecific(retry('server'), failing)).toBe(false);
		const mixed = judgeBatch(1, [fresh(retry('server'))]);
		expect(mixed).toEqual({health: 'ok', wholeQueueWaits: false});
		expect(isItemSpecific(retry('server'), mixed)).toBe(true);
		expect(isItemSpecific(retry('network'), mixed)).toBe(false);
	});

	it('suspects failing again alone, or a server that says it is up, do not hold the queue', () => {
		expect(judgeBatch(0, [suspect(retry('server'))])).toEqual({health: 'ok', wholeQueueWaits: false});
		expect(judgeBatch(0, [fresh(retry('server', {serverUp: true}))])).toEqual({
			health: 'ok',
			wholeQueueWaits: false,
		});
	});

	it('events that age out while the server is down are counted by why it is down', () => {
		expect(agedOutReason('failing')).toBe('server_error');
		expect(agedOutReason('unreachable')).toBe('network_error');
	});
});
