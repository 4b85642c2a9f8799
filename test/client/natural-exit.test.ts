/**
 * The natural exit (issue 13 item 1): a script that tracks and simply ends delivers its events by default —
 * once, bounded by the deadline — and what cannot be sent is told in one stderr warning with the count; the
 * host's signal handling stays as it was. Real child processes (a one-shot script) against a local server on
 * 127.0.0.1; the registry's rules (once, no loop, no `process`) with a stand-in process object.
 */
import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {deliverOnNaturalExit, type ExitEvents} from '../../src/client/natural-exit.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {runOneShot} from '../helpers/one-shot.js';
import {runtime} from '../helpers/runtime.js';
import {useFaultServer} from '../helpers/use-fault-server.js';

let server: FaultServer;
useFaultServer((started) => (server = started));

describe('natural exit: a script that tracks and simply ends (child processes)', () => {
	it('delivers what it queued, once, and ends with code 0 without a word', async () => {
		const outcome = await runOneShot('one-shot', server.url);
		expect(outcome.code).toBe(0);
		expect(server.tally(3)).toEqual({stored: 3, missing: [], duplicated: []});
		expect(outcome.warnings).toEqual([]);
		expect(outcome.report.stats).toMatchObject({sent: 3, state: 'closed'});
		// Our delivery made `beforeExit` fire once more, and then it was over: no loop.
		expect(outcome.report.beforeExits).toBe(2);
	}, 30_000);

	it('server unreachable: one stderr warning with the count, the host, the error class and what to run', async () => {
		await server.down();
		try {
			const outcome = await runOneShot('one-shot', server.url);
			expect(outcome.code).toBe(0);
			expect(outcome.warnings).toHaveLength(1);
			const [warning] = outcome.warnings;
			expect(warning).toContain(
				'at process exit: dropped 3 events (shutdown_timeout: given up without waiting, the server is unreachable)',
			);
			expect(warning).toContain(`Umami at 127.0.0.1:${server.port}`);
			expect(warning).toContain('ECONNREFUSED');
			expect(warning).toContain('npx umami-guard check');
			expect(outcome.report.stats.dropped).toMatchObject({shutdown_timeout: 3});
			// Deno settles a refused connection without another turn of the loop: one `beforeExit` there.
			expect(outcome.report.beforeExits).toBeLessThanOrEqual(2);
		} finally {
			await server.up();
		}
	}, 30_000);

	it('process.exit() right after shutdown() resolves still prints the warning about what was dropped', async () => {
		await server.down();
		try {
			const outcome = await runOneShot('exit-after-shutdown', server.url);
			expect(outcome.code).toBe(0);
			expect(outcome.warnings).toHaveLength(1);
			// Which of the two causes is told depends on whether the refusal came back within the child's
			// 300 ms deadline (the cause itself is held in logger.test.ts, with a deadline nothing reaches).
			expect(outcome.warnings[0]).toMatch(
				/at shutdown: dropped 3 events \(shutdown_timeout: (?:given up without waiting, the server is unreachable|shutdown deadline of 300 ms reached)\)/,
			);
			expect(outcome.report.stats.dropped).toMatchObject({shutdown_timeout: 3});
		} finally {
			await server.up();
		}
	}, 30_000);

	it('a server that never answers: the deadline ends the delivery, not the 60 s request timeout', async () => {
		server.setHandler(() => ({type: 'hang'}));
		// Bounded by the test's timeout (30 s): without the deadline the child would live 60 s.
		const outcome = await runOneShot('hang', server.url);
		expect(outcome.code).toBe(0);
		expect(outcome.warnings).toHaveLength(1);
		expect(outcome.warnings[0]).toMatch(
			/at process exit: dropped 3 events \(shutdown_timeout: shutdown deadline of \d+ ms reached\)/,
		);
		// The cause, as the refused case names its own: no answer came before the deadline cut the request off.
		expect(outcome.warnings[0]).toMatch(
			new RegExp(
				`; Umami at 127\\.0\\.0\\.1:${server.port} did not answer within \\d+ ms .*npx umami-guard check`,
			),
		);
		expect(server.stored).toHaveLength(0);
	}, 30_000);

	it('no website id: the one-time warning is printed once when the script ends by itself', async () => {
		const outcome = await runOneShot('disabled', server.url);
		expect(outcome.code).toBe(0);
		expect(outcome.warnings).toHaveLength(1);
		expect(outcome.warnings[0]).toContain('analytics disabled: no website id (set UMAMI_WEBSITE_ID)');
	}, 30_000);

	// Node only: the fallback needs Node's own `warning` printer (docs/runtimes.md, skipped per runtime).
	it.skipIf(runtime !== 'node')(
		'no website id: the warning is printed once also when the script ends with process.exit()',
		async () => {
			const outcome = await runOneShot('disabled-exit', server.url);
			expect(outcome.code).toBe(0);
			expect(outcome.warnings).toHaveLength(1);
			expect(outcome.warnings[0]).toContain('analytics disabled: no website id (set UMAMI_WEBSITE_ID)');
			expect(outcome.report.stats.state).toBe('disabled');
		},
		30_000,
	);

	it('signals are left alone: without exit hooks SIGTERM ends the process as it always did', async () => {
		const outcome = await runOneShot('keep-alive', server.url, [], 'SIGTERM');
		expect(outcome).toMatchObject({code: null, signal: 'SIGTERM'});
		expect(server.stored).toHaveLength(0);
	}, 30_000);
});

describe('natural exit: the registry', () => {
	/** A stand-in process: `beforeExit` is emitted by hand. */
	function fakeProcess(): ExitEvents & EventEmitter {
		return new EventEmitter() as ExitEvents & EventEmitter;
	}

	it('each instance with pending events is delivered once, however often beforeExit fires', () => {
		const processObject = fakeProcess();
		let pending = true;
		const exits: string[] = [];
		deliverOnNaturalExit({pending: () => pending, exit: () => exits.push('a')}, processObject);
		deliverOnNaturalExit({pending: () => false, exit: () => exits.push('idle')}, processObject);
		processObject.emit('beforeExit');
		processObject.emit('beforeExit');
		pending = true;
		processObject.emit('beforeExit');
		expect(exits).toEqual(['a']);
		// The idle instance stays registered: events it tracks later are still delivered at the next exit.
		expect(processObject.listenerCount('beforeExit')).toBe(1);
	});

	it('an instance that shut down itself leaves, and the last one removes the listener', () => {
		const processObject = fakeProcess();
		const exits: string[] = [];
		const cancel = deliverOnNaturalExit({pending: () => true, exit: () => exits.push('x')}, processObject);
		cancel();
		processObject.emit('beforeExit');
		expect(exits).toEqual([]);
		expect(processObject.listenerCount('beforeExit')).toBe(0);
	});

	it('an exit that throws never reaches the host', () => {
		const processObject = fakeProcess();
		deliverOnNaturalExit(
			{
				pending: () => true,
				exit: () => {
					throw new Error('broken');
				},
			},
			processObject,
		);
		expect(() => processObject.emit('beforeExit')).not.toThrow();
	});

	it('a process whose on() throws (a sandbox stand-in): nothing is registered, nothing throws', () => {
		const throwing: ExitEvents = {
			on: () => {
				throw new Error('A Node.js API is used (process.on) which is not supported in the Edge Runtime.');
			},
			off: () => undefined,
		};
		let cancel: () => void = () => undefined;
		expect(() => {
			cancel = deliverOnNaturalExit({pending: () => true, exit: () => undefined}, throwing);
		}).not.toThrow();
		expect(() => cancel()).not.toThrow();
		// A working process afterwards still gets its listener.
		const processObject = fakeProcess();
		deliverOnNaturalExit({pending: () => true, exit: () => undefined}, processObject);
		expect(processObject.listenerCount('beforeExit')).toBe(1);
	});

	it('no process (Workers, edge runtimes): nothing is registered, nothing throws', () => {
		const cancel = deliverOnNaturalExit({pending: () => true, exit: () => undefined}, undefined);
		expect(() => cancel()).not.toThrow();
	});
});
