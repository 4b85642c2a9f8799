/**
 * The paced load generator (`bench/open-loop.ts`) against real servers on 127.0.0.1: it answers for every
 * request it schedules, reads both response framings, opens (and counts) a connection when every pooled one is
 * busy instead of queueing behind it, and charges a stalled answer to the requests it holds up.
 */
import {execFile} from 'node:child_process';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import type {OpenLoopResult} from '../../bench/open-loop.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let server: Server | undefined;

afterEach(async () => {
	await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
	server = undefined;
});

/** A server on 127.0.0.1 whose handler is `handle`; resolves with its URL. */
async function serve(handle: Parameters<typeof createServer>[1]): Promise<string> {
	server = createServer(handle);
	await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** Runs the generator in its own process and returns its result. */
function generate(args: Record<string, unknown>): Promise<OpenLoopResult> {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			['--import', 'tsx', 'bench/open-loop.ts', JSON.stringify(args)],
			{cwd: root, timeout: 60_000},
			(error, stdout) => {
				const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
				if (error || line === undefined) reject(error ?? new Error(`no result: ${stdout}`));
				else resolve(JSON.parse(line.slice(7)) as OpenLoopResult);
			},
		);
	});
}

describe('bench/open-loop.ts', () => {
	it('gets an answer for every scheduled request, with a Content-Length or a chunked body', async () => {
		let served = 0;
		const url = await serve((_req, res) => {
			served++;
			// Alternate the two framings: a fixed length, and chunks written apart.
			if (served % 2 === 0) res.end(JSON.stringify({hello: 'world'}));
			else {
				res.write('{"hello":');
				setImmediate(() => res.end('"world"}'));
			}
		});
		const result = await generate({url, rate: 200, seconds: 1, warmupSeconds: 0.2, connections: 4});
		expect(result.sent).toBeGreaterThan(100);
		expect(result.ok).toBe(result.sent);
		expect(result.errors).toBe(0);
		expect(result.unanswered).toBe(0);
		expect(served).toBeGreaterThanOrEqual(result.sent);
	});

	it('opens a new connection when every pooled one is busy, and counts it', async () => {
		const url = await serve((_req, res) => {
			setTimeout(() => res.end('{}'), 40);
		});
		const result = await generate({url, rate: 200, seconds: 1, warmupSeconds: 0, connections: 1});
		// One pooled connection, each answer held 40 ms, a request every 5 ms on average: most find it busy.
		expect(result.openedWhenBusy).toBeGreaterThan(0);
		expect(result.ok).toBe(result.sent);
	});

	it('charges a stalled server to the requests scheduled during the stall', async () => {
		let stalled = false;
		const url = await serve((_req, res) => {
			if (!stalled) {
				stalled = true;
				// Block the server's event loop: requests scheduled meanwhile wait for it.
				const until = Date.now() + 200;
				while (Date.now() < until);
			}
			res.end('{}');
		});
		const result = await generate({url, rate: 200, seconds: 1, warmupSeconds: 0});
		expect(result.ok).toBe(result.sent);
		// The first request holds the whole stall; the ~40 scheduled during it (of ~200) hold what was left of it,
		// so the p99 is far into the stall too (a generator that waited for answers would charge one request).
		expect(result.maxUs).toBeGreaterThanOrEqual(200_000);
		expect(result.p99Us).toBeGreaterThanOrEqual(100_000);
	});
});
