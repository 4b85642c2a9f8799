/**
 * A number setting given as a string (new-user trial: `batch_size: "50"` in config.yaml was taken without a word):
 * env vars and `${VAR}` values are always strings, so every source takes a string that is a decimal number —
 * a quoted YAML value, a `${VAR}`, an option (`{batchSize: '50'}`, `{timeoutMs: '5000'}`) — and refuses, with a
 * typed error naming the key and its source, what only `Number()` would read (`0x32`, `5e1`, `Infinity`).
 */
import {describe, expect, it} from 'vitest';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {isConfigError, type ConfigError} from '../../src/errors.js';
import {configFiles} from '../helpers/config-files.js';

const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const write = configFiles('numeric');
const file = (text: string): string => write(`umami:\n  website_id: ${ID}\n${text}`);

function problems(options: AnalyticsOptions): ConfigError[] {
	try {
		resolveConfig('x', options);
	} catch (caught) {
		expect(isConfigError(caught)).toBe(true);
		return [...(caught as ConfigError).errors];
	}
	throw new Error('expected a ConfigError');
}

describe('a decimal number written as a string is a number, in every source', () => {
	it('a quoted YAML value and a ${VAR} (an env value: a string) in the file', () => {
		const path = file(
			'  async:\n    batch_size: "50"\n    timeout_seconds: " 2.5 "\n    queue_size: ${QUEUE}\n    flush_interval_seconds: ${FLUSH}\n',
		);
		const config = resolveConfig('x', {env: {QUEUE: '2000', FLUSH: '0.5'}, configFile: path});
		expect(config.queue).toMatchObject({batchSize: 50, maxSize: 2000, flushIntervalMs: 500});
		expect(config.transport.timeoutMs).toBe(2500);
	});

	it('options: counts, and milliseconds, which become the same value as the number would', () => {
		const config = resolveConfig('x', {
			env: {},
			configFile: false,
			websiteId: ID,
			batchSize: '50',
			timeoutMs: '5000',
			flushIntervalMs: '100',
			outbox: {maxBytes: '8192'},
		} as unknown as AnalyticsOptions);
		expect(config.queue.batchSize).toBe(50);
		expect(config.transport.timeoutMs).toBe(5000);
		expect(config.queue.flushIntervalMs).toBe(100);
		expect(config.outbox.maxBytes).toBe(8192);
	});
});

describe('what is not a decimal number is a typed error naming the key and the source', () => {
	it('the file: hex, exponent, Infinity, digits with _', () => {
		const path = file(
			'  async:\n    batch_size: "0x32"\n    queue_size: "1e3"\n    max_attempts: ${ATTEMPTS}\n    timeout_seconds: Infinity\n',
		);
		const found = problems({env: {ATTEMPTS: '1_0'}, configFile: path});
		expect(found.map((each) => each.message)).toEqual([
			`Invalid configuration "umami.async.queue_size" (${path}:5): got "1e3"; expected an integer from 1 to 10000000.`,
			`Invalid configuration "umami.async.batch_size" (${path}:4): got "0x32"; expected an integer from 1 to 1000.`,
			`Invalid configuration "umami.async.max_attempts" (${path}:6): got "1_0"; expected an integer from 1 to 1000.`,
			`Invalid configuration "umami.async.timeout_seconds" (${path}:7): got "Infinity"; expected a number from 0.05 to 300.`,
		]);
	});

	it('options: the option is named as its source', () => {
		const found = problems({
			env: {},
			configFile: false,
			websiteId: ID,
			batchSize: '5e1',
			maxInFlight: '0x2',
		} as unknown as AnalyticsOptions);
		expect(found.map((each) => [each.key, each.source])).toEqual([
			['umami.async.batch_size', {kind: 'option', path: 'batchSize'}],
			['umami.async.max_in_flight', {kind: 'option', path: 'maxInFlight'}],
		]);
	});
});
