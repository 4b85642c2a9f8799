/**
 * Network faults against the fault-injecting server (and a TLS server with an untrusted certificate, and a
 * host that does not resolve). Each ends in a clear, counted outcome — `stats()` (sent / retried / dropped by
 * reason) and `onError` (code and message) tell what happened — and the process keeps running: no unhandled
 * rejection, no exception escapes into the app.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createServer as createHttpsServer, type Server as HttpsServer} from 'node:https';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import type {AnalyticsOptions, DropInfo} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {isUmamiGuardError} from '../../src/errors.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';
import {ID} from './payload-check.js';

const rejections: unknown[] = [];
const exceptions: unknown[] = [];
const onRejection = (reason: unknown): void => {
	rejections.push(reason);
};
const onException = (error: unknown): void => {
	exceptions.push(error);
};
let server: FaultServer;
const instances: UmamiAnalytics[] = [];

beforeAll(() => {
	process.on('unhandledRejection', onRejection);
	process.on('uncaughtException', onException);
});
afterAll(() => {
	process.off('unhandledRejection', onRejection);
	process.off('uncaughtException', onException);
});
beforeEach(async () => {
	server = await startFaultServer();
});
afterEach(async () => {
	await Promise.all(instances.splice(0).map((instance) => instance.shutdown(0)));
	await server.close();
});

interface Observed {
	readonly analytics: UmamiAnalytics;
	readonly errors: Error[];
	readonly drops: DropInfo[];
	readonly lines: string[];
}

function create(options: AnalyticsOptions = {}): Observed {
	const errors: Error[] = [];
	const drops: DropInfo[] = [];
	const lines: string[] = [];
	const all: AnalyticsOptions = {
		env: {},
		configFile: false,
		websiteId: ID,
		apiUrl: server.url,
		debug: true,
		flushIntervalMs: 50,
		logger: {warn: (line) => lines.push(line), debug: (line) => lines.push(line)},
		onError: (error) => errors.push(error),
		onDrop: (info) => drops.push(info),
		...options,
	};
	const analytics = new UmamiAnalytics(resolveConfig('faults', all), all);
	instances.push(analytics);
	return {analytics, errors, drops, lines};
}

function track(analytics: UmamiAnalytics, count: number, from = 0): void {
	for (let index = from; index < from + count; index++) analytics.trackEvent('fault', {i: index});
}

/** Waits until nothing is queued (bounded). */
async function settled(analytics: UmamiAnalytics, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (analytics.stats().queued > 0 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

function accounted(analytics: UmamiAnalytics): void {
	const stats = analytics.stats();
	expect(stats.tracked).toBe(stats.sent + stats.droppedTotal + stats.filtered + stats.queued);
}

const codes = (errors: readonly Error[]): string[] =>
	errors.map((error) => (isUmamiGuardError(error) ? error.code : error.name));

describe('faults on 127.0.0.1', () => {
	it('connection reset mid-request: NETWORK_ERROR reported, retried, every event stored once', async () => {
		const {analytics, errors} = create();
		server.next({type: 'reset'}, {type: 'reset'});
		track(analytics, 50);
		await settled(analytics, 10_000);
		expect(server.tally(50)).toEqual({stored: 50, missing: [], duplicated: []});
		const stats = analytics.stats();
		expect(stats).toMatchObject({sent: 50, droppedTotal: 0, queued: 0});
		expect(stats.retried).toBeGreaterThanOrEqual(50);
		expect(codes(errors)).toContain('NETWORK_ERROR');
		expect(errors[0]?.message).toMatch(
			/network error (ECONNRESET|UND_ERR_SOCKET|EPIPE|unknown) on \/api\/batch/,
		);
		accounted(analytics);
	});

	it('half-open socket (accepts, never answers): TIMEOUT reported, retried, delivered once', async () => {
		const {analytics, errors} = create({timeoutMs: 400});
		server.next({type: 'hang'});
		track(analytics, 20);
		await settled(analytics, 10_000);
		// `hang` stores nothing, so the retry is not a duplicate.
		expect(server.tally(20)).toEqual({stored: 20, missing: [], duplicated: []});
		expect(codes(errors)).toContain('TIMEOUT');
		expect(errors.find((error) => isUmamiGuardError(error) && error.code === 'TIMEOUT')?.message).toMatch(
			/timeout after 400 ms on \/api\/batch/,
		);
		accounted(analytics);
	});

	it('server that never answers at all: shutdown ends it as shutdown_timeout, counted', async () => {
		const {analytics, drops} = create({timeoutMs: 60_000});
		server.setHandler(() => ({type: 'hang'}));
		track(analytics, 30);
		await new Promise((resolve) => setTimeout(resolve, 200));
		const started = Date.now();
		const result = await analytics.shutdown(500);
		expect(Date.now() - started).toBeLessThan(2000);
		expect(result).toMatchObject({sent: 0, pending: 0});
		expect(analytics.stats().dropped.shutdown_timeout).toBe(30);
		expect(drops.every((drop) => drop.reason === 'shutdown_timeout')).toBe(true);
		accounted(analytics);
	});

	it('answer trickled byte by byte within the timeout: delivered once', async () => {
		const {analytics, errors} = create({timeoutMs: 10_000});
		server.next({type: 'trickle', intervalMs: 5});
		track(analytics, 10);
		await settled(analytics, 10_000);
		expect(server.tally(10)).toEqual({stored: 10, missing: [], duplicated: []});
		expect(errors).toEqual([]);
		accounted(analytics);
	});

	it('answer trickled slower than the timeout (stored, then timed out): TIMEOUT, retried → a counted duplicate', async () => {
		const {analytics, errors} = create({timeoutMs: 300});
		// The fault server stores before it answers, as Umami does; the answer takes ≈ 60 bytes × 50 ms.
		server.next({type: 'trickle', intervalMs: 50});
		track(analytics, 10);
		await settled(analytics, 10_000);
		expect(codes(errors)).toContain('TIMEOUT');
		const tally = server.tally(10);
		expect(tally.missing).toEqual([]);
		// At-least-once: the timed-out request had been stored; the retry stores every event a second time.
		// Umami has no idempotency key, so the client cannot prevent this (see docs/reliability.md).
		expect(tally.duplicated).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(analytics.stats()).toMatchObject({sent: 10, droppedTotal: 0});
		accounted(analytics);
	});

	it('429 with Retry-After: waits at least that long, then delivers; stats say retried', async () => {
		const {analytics, lines} = create();
		server.next({type: 'status', status: 429, headers: {'retry-after': '1'}});
		const started = Date.now();
		track(analytics, 20);
		await settled(analytics, 10_000);
		const delivered = server.stored.at(-1)?.at ?? 0;
		expect(delivered - started).toBeGreaterThanOrEqual(1000);
		expect(server.tally(20)).toEqual({stored: 20, missing: [], duplicated: []});
		expect(analytics.stats().retried).toBe(20);
		expect(
			lines.some((line) => /retry scheduled: 20 events in \d+ ms \(rate_limited, HTTP 429\)/.test(line)),
		).toBe(true);
		accounted(analytics);
	});

	it('429 forever: held (not lost) while running, counted as shutdown_timeout at shutdown', async () => {
		const {analytics} = create();
		server.setHandler(() => ({type: 'status', status: 429, headers: {'retry-after': '1'}}));
		track(analytics, 10);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(analytics.stats()).toMatchObject({queued: 10, droppedTotal: 0});
		await analytics.shutdown(300);
		expect(analytics.stats().dropped.shutdown_timeout).toBe(10);
		accounted(analytics);
	});
});

describe('unreachable hosts', () => {
	it('a host that does not resolve: NETWORK_ERROR (ENOTFOUND / EAI_AGAIN), then network_error after maxEventAgeMs', async () => {
		const {analytics, errors, drops} = create({
			apiUrl: 'http://umami-guard-nonexistent.invalid',
			maxEventAgeMs: 1500,
		});
		track(analytics, 5);
		await settled(analytics, 15_000);
		expect(codes(errors)).toContain('NETWORK_ERROR');
		expect(errors[0]?.message).toMatch(/network error (ENOTFOUND|EAI_AGAIN|EAI_FAIL) on \/api\/batch/);
		expect(analytics.stats()).toMatchObject({sent: 0, queued: 0});
		expect(analytics.stats().dropped.network_error).toBe(5);
		expect(drops[0]?.detail).toMatch(/held longer than 1500 ms/);
		accounted(analytics);
	});

	describe('TLS with an untrusted (self-signed) certificate', () => {
		let dir: string;
		let tls: HttpsServer;
		let tlsUrl: string;
		let hits = 0;

		beforeAll(async () => {
			dir = mkdtempSync(join(tmpdir(), 'umami-guard-tls-'));
			execFileSync(
				'openssl',
				[
					'req',
					'-x509',
					'-newkey',
					'rsa:2048',
					'-nodes',
					'-days',
					'1',
					'-subj',
					'/CN=127.0.0.1',
					'-addext',
					'subjectAltName=IP:127.0.0.1',
					'-keyout',
					join(dir, 'key.pem'),
					'-out',
					join(dir, 'cert.pem'),
				],
				{stdio: 'ignore', timeout: 30_000},
			);
			tls = createHttpsServer(
				{key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem'))},
				(_request, response) => {
					hits++;
					response.end('{}');
				},
			);
			await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
			tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
		});
		afterAll(async () => {
			await new Promise((resolve) => tls.close(resolve));
			rmSync(dir, {recursive: true, force: true});
		});

		it('the certificate is refused (no request reaches the server): NETWORK_ERROR with the TLS code, then network_error', async () => {
			const {analytics, errors} = create({apiUrl: tlsUrl, maxEventAgeMs: 1500});
			track(analytics, 5);
			await settled(analytics, 15_000);
			expect(hits).toBe(0);
			expect(codes(errors)).toContain('NETWORK_ERROR');
			expect(errors[0]?.message).toMatch(
				/network error (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|ERR_TLS_CERT_ALTNAME_INVALID) on \/api\/batch/,
			);
			expect(analytics.stats().dropped.network_error).toBe(5);
			expect(await analytics.heartbeat()).toBe(false);
			accounted(analytics);
		});
	});
});

describe('the app keeps running', () => {
	it('no unhandled rejection and no uncaught exception came out of any fault above', async () => {
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(rejections).toEqual([]);
		expect(exceptions).toEqual([]);
	});
});
