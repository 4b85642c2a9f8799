/**
 * The fleet benchmark bounded (`bench/fleet.ts` is the full run, docs/fleet.md its figures): three separate
 * processes (`bench/scenarios/fleet-process.ts`) track more than the server takes, through a Umami 2.10-like
 * fault server on 127.0.0.1 (one request per event) that answers slowly, fails for a while, or answers later
 * than the request timeout. Every event each process tracked is delivered or dropped with a counted reason,
 * SQL-like counting on the server agrees with the client, and the only duplicates are the documented timeout
 * case. No timing assertions: the delays are the server's inputs.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runChild} from '../../bench/lib.js';
import type {FleetProcessArgs, FleetProcessResult} from '../../bench/scenarios/fleet-process.js';
import {startFaultServer, type FaultAction, type FaultServer} from '../helpers/fault-server.js';
import {ID} from './payload-check.js';

const PROCESSES = 3;
let server: FaultServer;

beforeAll(async () => {
	server = await startFaultServer({version: '2.10'});
});
afterAll(async () => {
	await server.close();
});

/** Runs the fleet with `handler` deciding each request from the time since the fleet started. */
async function fleet(
	run: string,
	handler: (sinceStartMs: number) => FaultAction,
	extra: Partial<FleetProcessArgs> = {},
): Promise<FleetProcessResult[]> {
	const startAt = Date.now() + 8000;
	server.setHandler(() => handler(Date.now() - startAt));
	const outcomes = await Promise.all(
		Array.from({length: PROCESSES}, (_, proc) =>
			runChild<FleetProcessResult>(
				'fleet-process.ts',
				{
					url: server.url,
					websiteId: ID,
					run,
					proc,
					rate: 40,
					seconds: 3,
					startAt,
					drainLimitMs: 60_000,
					queueSize: 40,
					...extra,
				} satisfies FleetProcessArgs,
				120_000,
			),
		),
	);
	return outcomes.map((outcome) => {
		if (outcome.result === undefined) throw new Error(outcome.stderr.slice(-2000));
		return outcome.result;
	});
}

/** Rows the server stored per process: all of them, and distinct events. */
function stored(run: string, proc: number): {rows: number; distinct: number} {
	const prefix = `/fleet/${run}/${proc}/`;
	const urls = server.stored
		.map((entry) => entry.event.payload?.['url'])
		.filter((url): url is string => typeof url === 'string' && url.startsWith(prefix));
	return {rows: urls.length, distinct: new Set(urls).size};
}

describe('a fleet of processes against one overloaded server', () => {
	it('overload, then 503 for a while: every event delivered or dropped with a reason, stored once', async () => {
		// ≈ 40 events/s per process can go out (2 in flight × 50 ms) against 40/s tracked, and none at all
		// while the server answers 503: the small queue overflows, counted.
		const results = await fleet('overload', (since) =>
			since > 1000 && since < 2500 ? {type: 'status', status: 503} : {type: 'delay', ms: 50},
		);
		for (const result of results) {
			const inServer = stored('overload', result.proc);
			expect(result.tracked).toBeGreaterThan(0);
			expect(result.tracked).toBe(result.sent + result.droppedTotal + result.filtered);
			expect(result.dropped['queue_overflow'] ?? 0).toBeGreaterThan(0);
			expect(inServer).toEqual({rows: result.sent, distinct: result.sent});
		}
		expect(server.peakOpen()).toBeLessThanOrEqual(PROCESSES * 2);
	}, 180_000);

	it('answers later than the request timeout: the only duplicates are timed-out requests', async () => {
		const results = await fleet(
			'slow',
			(since) => (since > 500 && since < 2500 ? {type: 'delay', ms: 450} : {type: 'delay', ms: 20}),
			{timeoutMs: 300, queueSize: 200},
		);
		for (const result of results) {
			const inServer = stored('slow', result.proc);
			expect(result.tracked).toBe(result.sent + result.droppedTotal + result.filtered);
			expect(result.droppedTotal).toBe(0);
			expect(inServer.distinct).toBe(result.sent);
			// Each timed-out request had been stored: at most one duplicate per timeout, none otherwise.
			expect(inServer.rows - inServer.distinct).toBeLessThanOrEqual(result.errors['TIMEOUT'] ?? 0);
		}
	}, 180_000);
});
