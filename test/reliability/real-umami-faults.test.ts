/**
 * Faults of a REAL Umami v2.10 + PostgreSQL — our own instance (.umami-e2e-faults, ports of its own),
 * never the shared test server. While ~300 events are tracked at a steady rate:
 *   1. Umami is stopped (SIGTERM to its process group) and started again;
 *   2. PostgreSQL is stopped under a running Umami (a 5xx period) and started again.
 * After recovery every event must be stored exactly once, counted in SQL by run tag and index (the index is
 * in the URL path, so a partial write that loses event data still counts).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {runTag} from '../helpers/umami.js';
import {FAULTS_INSTANCE, startOwnUmami, waitFor, type OwnUmami} from './own-umami.js';

let umami: OwnUmami;
const rejections: unknown[] = [];
const onRejection = (reason: unknown): void => {
	rejections.push(reason);
};

beforeAll(async () => {
	process.on('unhandledRejection', onRejection);
	umami = await startOwnUmami(FAULTS_INSTANCE);
}, 300_000);
afterAll(async () => {
	process.off('unhandledRejection', onRejection);
	// Leave it running only if something else is still being started; stop.sh is idempotent.
	await umami?.stop();
}, 120_000);

function create(): {analytics: UmamiAnalytics; errors: string[]} {
	const errors: string[] = [];
	const options: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: umami.websiteId,
		apiUrl: umami.url,
		flushIntervalMs: 200,
		timeoutMs: 5000,
		logger: {warn: () => undefined},
		onError: (error) => errors.push(`${(error as {code?: string}).code ?? error.name}: ${error.message}`),
	};
	return {analytics: new UmamiAnalytics(resolveConfig(`real-faults-${runTag()}`, options), options), errors};
}

interface Count {
	readonly rows: number;
	readonly distinct: number;
	readonly duplicated: number[];
}

async function count(tag: string, expected: number): Promise<Count & {missing: number[]}> {
	const rows = await umami.query<{url_path: string; n: string}>(
		`select url_path, count(*)::text as n from website_event
		 where website_id = $1 and event_name = $2 group by url_path`,
		[umami.websiteId, `rel-${tag}`],
	);
	const seen = new Map<number, number>();
	for (const row of rows) seen.set(Number(row.url_path.split('/').at(-1)), Number(row.n));
	const missing: number[] = [];
	const duplicated: number[] = [];
	for (let index = 0; index < expected; index++) {
		const n = seen.get(index) ?? 0;
		if (n === 0) missing.push(index);
		if (n > 1) duplicated.push(index);
	}
	return {
		rows: [...seen.values()].reduce((a, b) => a + b, 0),
		distinct: seen.size,
		duplicated,
		missing,
	};
}

/** Tracks `total` events at `perSecond`, running `fault` once `faultAt` events are in; returns when all are in. */
async function steady(
	analytics: UmamiAnalytics,
	tag: string,
	total: number,
	perSecond: number,
	faultAt: number,
	fault: () => Promise<void>,
): Promise<void> {
	let faultDone: Promise<void> = Promise.resolve();
	for (let index = 0; index < total; index++) {
		if (index === faultAt) faultDone = fault();
		analytics.trackEvent(`rel-${tag}`, {i: index}, {url: `/rel/${tag}/${index}`});
		await new Promise((resolve) => setTimeout(resolve, 1000 / perSecond));
	}
	await faultDone;
}

const figures: Record<string, unknown> = {};
afterAll(() => {
	console.log(`[reliability] real-umami-faults figures ${JSON.stringify(figures)}`);
});

describe('real Umami v2.10 (own instance) under faults', () => {
	it('Umami restarted mid-run: none of 300 events lost; duplicates only from answers the restart cut off', async () => {
		const {analytics, errors} = create();
		const tag = runTag();
		const started = Date.now();
		let outage = {from: 0, to: 0};
		await steady(analytics, tag, 300, 20, 60, async () => {
			outage.from = Date.now() - started;
			await umami.stopUmami();
			await new Promise((resolve) => setTimeout(resolve, 3000));
			await umami.startUmami();
			outage = {...outage, to: Date.now() - started};
		});
		await waitFor(() => analytics.stats().queued === 0, 30_000);
		const stats = analytics.stats();
		const result = await count(tag, 300);
		figures['umamiRestart'] = {
			outageMs: outage,
			stats: {...stats, redacted: undefined},
			sql: result,
			errors: errors.length,
		};
		await analytics.shutdown(1000);
		expect(stats.tracked).toBe(300);
		expect(stats.droppedTotal).toBe(0);
		expect(errors.some((line) => line.startsWith('NETWORK_ERROR'))).toBe(true);
		expect(result.missing).toEqual([]);
		// Not exactly once (measured: 3 of 300 duplicated). A request Umami had stored when SIGTERM cut the
		// connection before the answer is retried (network error) and stored again; Umami has no idempotency
		// key. Bounded by the requests open when the stop came: at most max_in_flight (2), since each batch sends
		// its /api/send requests one after another.
		expect(result.duplicated.length).toBeLessThanOrEqual(2);
		expect(result.rows).toBe(300 + result.duplicated.length);
	}, 120_000);

	it('PostgreSQL stopped and started under a running Umami: the 400 "database down" period is retried, nothing lost', async () => {
		const {analytics, errors} = create();
		const tag = runTag();
		const statuses: number[] = [];
		const bodies: string[] = [];
		const started = Date.now();
		let outage = {from: 0, to: 0};
		await steady(analytics, tag, 300, 20, 60, async () => {
			outage.from = Date.now() - started;
			await umami.stopPostgres();
			// Prove the 5xx period: Umami is up but cannot store.
			const response = await fetch(`${umami.url}/api/send`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120',
				},
				body: JSON.stringify({
					type: 'event',
					payload: {website: umami.websiteId, url: '/probe', name: 'probe'},
				}),
			}).catch(() => undefined);
			if (response) {
				statuses.push(response.status);
				bodies.push((await response.text()).slice(0, 80));
			}
			await new Promise((resolve) => setTimeout(resolve, 4000));
			await umami.startPostgres();
			outage = {...outage, to: Date.now() - started};
		});
		await waitFor(() => analytics.stats().queued === 0, 45_000);
		const stats = analytics.stats();
		const result = await count(tag, 300);
		figures['postgresRestart'] = {
			outageMs: outage,
			statusDuringOutage: statuses,
			bodyDuringOutage: bodies,
			stats: {...stats, redacted: undefined},
			sql: result,
			errors: errors.length,
		};
		await analytics.shutdown(1000);
		expect(stats.tracked).toBe(300);
		// Without its database Umami 2.10 answers 400 (Prisma's error), not 5xx. The transport recognises the
		// database failure and retries, so the outage costs nothing.
		expect(statuses[0]).toBe(400);
		expect(stats.dropped.rejected).toBe(0);
		expect(result.missing).toEqual([]);
		expect(result.distinct + stats.droppedTotal).toBe(300);
		expect(result.duplicated).toEqual([]);
	}, 120_000);

	it('no unhandled rejection while servers went away', () => {
		expect(rejections).toEqual([]);
	});
});
