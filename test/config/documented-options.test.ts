/**
 * Every option the README and docs/ name in an options table exists in the options' key tables (which the
 * compiler holds to `AnalyticsOptions`) and takes effect: it reaches the resolved configuration, or, for a
 * hook, is one the client is handed. The README once listed `outbox`, which `AnalyticsOptions` did not have.
 */
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {AnalyticsHooks} from '../../src/client/analytics.js';
import {NESTED_OPTION_NAMES, OPTION_NAMES} from '../../src/config/keys.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig, resolveConfigOrDisable, type ResolvedConfig} from '../../src/config/resolve.js';

const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const root = new URL('../../', import.meta.url);

/** Backticked names in the `option` column of every table of a Markdown text. */
function tableOptions(text: string): string[] {
	const names: string[] = [];
	let column = -1;
	for (const line of text.split('\n')) {
		if (!line.startsWith('|')) {
			column = -1;
			continue;
		}
		const cells = line
			.split('|')
			.slice(1, -1)
			.map((cell) => cell.trim());
		if (column === -1) {
			column = cells.indexOf('option');
			if (column === -1) column = -2;
			continue;
		}
		if (column < 0 || /^-+$/.test(cells[column] ?? '')) continue;
		for (const match of (cells[column] ?? '').matchAll(/`([\w.]+)`/g)) names.push(match[1]!);
	}
	return names;
}

const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const docs = readdirSync(new URL('docs/', root)).filter((name) => name.endsWith('.md'));
/** Options of `getAnalytics`: README, docs/configuration.md (docs/integrations.md names the adapters' options). */
const clientOptions = [
	...new Set([...tableOptions(read('README.md')), ...tableOptions(read('docs/configuration.md'))]),
];
const sanitizerOptions = tableOptions(read('docs/sanitizer.md'));

/** Options that are not configuration values: handed to the client as they are (checked by the compiler). */
const HOOKS = [
	'fetch',
	'logger',
	'onDrop',
	'onError',
	'onRedact',
	'beforeSend',
	'waitUntil',
	'exitHooks',
	'filterBots',
] as const satisfies readonly (keyof AnalyticsHooks)[];

const dir = mkdtempSync(join(tmpdir(), 'umami-guard-documented-'));
const fileWithDebug = join(dir, 'config.yaml');
writeFileSync(fileWithDebug, 'umami:\n  debug: true\n');

/** A value of each configuration option that differs from its default. */
const SAMPLES: Record<string, unknown> = {
	enabled: false,
	debug: true,
	websiteId: '11111111-2222-4333-8444-555555555555',
	apiUrl: 'https://umami.example.com',
	apiKey: 'api_Zx81Qw72Lm93Kd04',
	hostname: 'shop.example.com',
	configFile: fileWithDebug,
	env: {UMAMI_DEBUG: 'true'},
	sanitization: {emails: false},
	queueSize: 5,
	batchSize: 5,
	flushIntervalMs: 1234,
	maxInFlight: 3,
	overflow: 'drop_newest',
	timeoutMs: 1234,
	flushTimeoutMs: 2345,
	maxAttempts: 3,
	maxEventAgeMs: 12_000,
	maxRetryAfterMs: 1234,
	idempotencyKeys: 50,
	endpoint: 'send',
	userAgent: 'Mozilla/5.0 (test)',
	identity: {ip: 'truncate'},
	'identity.ip': 'forward',
	'identity.anonymousId': true,
	'identity.location': 'cdn',
	outbox: {enabled: true},
	'outbox.enabled': true,
	'outbox.path': '/tmp/elsewhere',
	'outbox.maxBytes': 8192,
};

function optionsWith(name: string, value: unknown): AnalyticsOptions {
	const [head, field] = name.split('.') as [string, string | undefined];
	const options: Record<string, unknown> = {env: {}, configFile: false, websiteId: ID};
	options[head] = field === undefined ? value : {[field]: value};
	return options as AnalyticsOptions;
}

const snapshot = (config: ResolvedConfig): string => JSON.stringify({...config, apiKey: config.apiKey});

describe('documented options exist and take effect', () => {
	it('the tables name the options (the extraction itself works)', () => {
		expect(docs).toContain('configuration.md');
		expect(clientOptions).toEqual(
			expect.arrayContaining(['websiteId', 'outbox.enabled', 'identity.location', 'strict']),
		);
		expect(sanitizerOptions).toEqual(expect.arrayContaining(['emails', 'allowKeys', 'maxDepth']));
	});

	it.each(clientOptions)('%s', (name) => {
		const [head, field] = name.split('.') as [keyof typeof OPTION_NAMES, string | undefined];
		expect(Object.hasOwn(OPTION_NAMES, head), `${head} is not an AnalyticsOptions field`).toBe(true);
		if (field !== undefined) {
			const nested = NESTED_OPTION_NAMES[head as keyof typeof NESTED_OPTION_NAMES] as Record<string, true>;
			expect(Object.hasOwn(nested ?? {}, field), `${name} is not a field of options.${head}`).toBe(true);
		}
		if ((HOOKS as readonly string[]).includes(name)) return;
		if (name === 'strict') {
			const bad: AnalyticsOptions = {env: {}, configFile: false, websiteId: 'x'};
			expect(resolveConfigOrDisable('doc', bad).enabled).toBe(false);
			expect(() => resolveConfigOrDisable('doc', {...bad, strict: true})).toThrow();
			return;
		}
		expect(Object.hasOwn(SAMPLES, name), `add a sample value of the documented option ${name}`).toBe(true);
		const baseline = snapshot(resolveConfig('doc', optionsWith('debug', false)));
		expect(snapshot(resolveConfig('doc', optionsWith(name, SAMPLES[name])))).not.toBe(baseline);
	});

	it.each(sanitizerOptions)('sanitization.%s', (name) => {
		expect(
			Object.hasOwn(NESTED_OPTION_NAMES.sanitization, name),
			`${name} is not a SanitizerOptions field`,
		).toBe(true);
		const value =
			name === 'onRedact' || name === 'onRemove'
				? () => undefined
				: name === 'patterns'
					? []
					: name.startsWith('max')
						? 3
						: name.endsWith('Keys') || name === 'allowValues'
							? ['x']
							: false;
		const config = resolveConfig('doc', optionsWith('sanitization', {[name]: value}));
		expect((config.sanitizer as Record<string, unknown>)[name]).toBe(value);
	});
});
