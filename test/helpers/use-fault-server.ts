/**
 * Vitest lifecycles around the fault server, shared by the test files that all did the same by hand.
 *
 * - {@link useFaultServer}: one server for a whole file — started before all tests, its script, handler and
 *   records reset before each, closed after all.
 * - {@link useFaultServers}: a fresh server per call, each closed after its test.
 * - {@link testTransport}: the transport the transport tests build, with their defaults.
 */
import {afterAll, afterEach, beforeAll, beforeEach} from 'vitest';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {createTransport, type Transport, type TransportOptions} from '../../src/transport/index.js';
import {startFaultServer, type FaultServer, type FaultServerOptions} from './fault-server.js';

/**
 * Starts one fault server for the file and hands it to `use` (assign it to the file's `server` variable).
 *
 * @example
 * ```ts
 * let server: FaultServer;
 * useFaultServer((started) => (server = started));
 * ```
 */
export function useFaultServer(use: (server: FaultServer) => void, options?: FaultServerOptions): void {
	let server: FaultServer | undefined;
	beforeAll(async () => {
		server = await startFaultServer(options);
		use(server);
	});
	afterAll(async () => {
		await server?.close();
	});
	beforeEach(() => {
		server?.reset();
		server?.setHandler(undefined);
	});
}

/** Returns `start(options)`, which starts a fault server that is closed after the current test. */
export function useFaultServers(): (options?: FaultServerOptions) => Promise<FaultServer> {
	const servers: FaultServer[] = [];
	afterEach(async () => {
		await Promise.all(servers.splice(0).map((server) => server.close()));
	});
	return async (options) => {
		const server = await startFaultServer(options);
		servers.push(server);
		return server;
	};
}

/** A transport to `server` with the transport tests' defaults (the platform `fetch`, 2 s timeout, auto endpoint). */
export function testTransport(server: FaultServer, overrides: Partial<TransportOptions> = {}): Transport {
	return createTransport({
		apiUrl: server.url,
		fetch: globalThis.fetch,
		timeoutMs: 2000,
		userAgent: 'Mozilla/5.0 Umami/v20.20.2',
		headers: {},
		endpoint: 'auto',
		maxRetryAfterMs: 60_000,
		...overrides,
	});
}

/**
 * Options of an instance that sends to `server` and nowhere else: no env, no configuration file, the
 * website `websiteId`; `options` add to them or override them.
 */
export function sendingTo(
	server: FaultServer,
	websiteId: string,
	options: AnalyticsOptions = {},
): AnalyticsOptions {
	return {env: {}, configFile: false, websiteId, apiUrl: server.url, ...options};
}
