/**
 * One validation for every source (file, env, options): unknown keys get the same "did you mean" wherever
 * they are (warned about and ignored; errors with `strict: true`, see unknown-keys.test.ts), every problem is
 * reported at once with its source, and a running app is not crashed by its configuration (it is disabled
 * with one error and says why in `stats()`), unless `strict: true`.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {getAnalytics, shutdownAll} from '../../src/client/registry.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {ConfigError, isConfigError} from '../../src/errors.js';
import {readJournalStatus} from '../../src/outbox/index.js';
import {cli} from '../cli/harness.js';

const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const dir = mkdtempSync(join(tmpdir(), 'umami-guard-validation-'));
let counter = 0;
afterAll(() => shutdownAll(1000));

function file(text: string): string {
	const path = join(dir, `config-${counter++}.yaml`);
	writeFileSync(path, text);
	return path;
}

function error(options: AnalyticsOptions): ConfigError {
	try {
		resolveConfig('x', options);
	} catch (caught) {
		expect(isConfigError(caught)).toBe(true);
		return caught as ConfigError;
	}
	throw new Error('expected a ConfigError');
}

/** `key (source): problem; expected …` of each error, shortened to key, source and hint. */
const listed = (caught: ConfigError): string[] =>
	caught.errors.map((each) =>
		each.message.replace(/^Invalid configuration /, '').replace(/: unknown key; expected a known key —/, ''),
	);

describe('unknown keys: the same "did you mean" in every source, all at once', () => {
	it('options (websiteID, website_id, sanitization.emials), env and file typos are each reported with their source', () => {
		const path = file(`umami:\n  website_id: ${ID}\n  async:\n    batch_sise: 10\n`);
		const caught = error({
			strict: true,
			env: {UMAMI_WEBSITEID: ID},
			configFile: path,
			websiteID: ID,
			website_id: ID,
			sanitization: {emials: false},
			identity: {ipp: 'none'},
			outbox: {enabeld: true},
		} as AnalyticsOptions);
		expect(listed(caught)).toEqual([
			'"UMAMI_WEBSITEID" (env UMAMI_WEBSITEID) did you mean "UMAMI_WEBSITE_ID"?',
			'"options.websiteID" (options) did you mean "websiteId"?',
			'"options.website_id" (options) did you mean "websiteId"?',
			'"options.identity.ipp" (options) did you mean "ip"?',
			'"options.outbox.enabeld" (options) did you mean "enabled"?',
			'"options.sanitization.emials" (options) did you mean "emails"?',
			`"umami.async.batch_sise" (${path}:4) did you mean "batch_size"?`,
		]);
		expect(caught.message.split('\n')[0]).toBe('7 configuration errors:');
	});

	it('wrong values of every source are reported together, options named by their path', () => {
		const path = file(`umami:\n  website_id: ${ID}\n  async:\n    queue_size: lots\n    batch_size: 0\n`);
		const caught = error({
			env: {UMAMI_API_URL: 'ftp://x'},
			configFile: path,
			timeoutMs: -1,
			onDrop: 'log' as never,
		});
		expect(caught.errors.map((each) => `${each.key} @ ${JSON.stringify(each.source)}`)).toEqual([
			'onDrop @ {"kind":"option"}',
			`umami.api_url @ {"kind":"env","name":"UMAMI_API_URL"}`,
			`umami.async.queue_size @ {"kind":"file","path":"${path}","line":4}`,
			`umami.async.batch_size @ {"kind":"file","path":"${path}","line":5}`,
			'umami.async.timeout_seconds @ {"kind":"option","path":"timeoutMs"}',
		]);
	});

	it('a UMAMI_ env var of other tools is not ours: only near misses of our names are reported', () => {
		const config = resolveConfig('x', {
			env: {UMAMI_WEBSITE_ID: ID, UMAMI_E2E_URL: 'http://x', UMAMI_E2E_WEBSITE_ID: ID, UMAMI_URL: 'http://x'},
			configFile: false,
		});
		expect(config.enabled).toBe(true);
	});
});

describe('the file: right lines, no section', () => {
	it('an over-indented line is reported at its own line (it was reported one line early)', () => {
		const path = file('umami:\n  enabled: true\n    debug: true\n');
		const caught = error({env: {}, configFile: path});
		expect(caught.source).toEqual({kind: 'file', path, line: 3});
		expect(caught.message).toContain('this line is indented deeper than the key above it');
		const nested = file(
			`umami:\n  website_id: ${ID}\n  async:\n    batch_size: 5\n      flush_interval_seconds: 2\n`,
		);
		expect(error({env: {}, configFile: nested}).source).toEqual({kind: 'file', path: nested, line: 5});
	});

	it('a named file without an umami: section is reported, not ignored', () => {
		const path = file('app:\n  port: 3000\n');
		const caught = error({env: {UMAMI_WEBSITE_ID: ID}, configFile: path});
		expect(caught.message).toContain('the file has no `umami:` section');
		const misspelt = file('Umami:\n  enabled: true\n');
		expect(error({env: {}, configFile: misspelt}).message).toContain('did you mean "umami"?');
	});
});

describe('in a running app: disabled with one error, never thrown, unless strict', () => {
	it('getAnalytics with wrong values in options does not throw; one warning lists every problem; stats() says why', () => {
		const warnings: string[] = [];
		const analytics = getAnalytics(`typos-${counter++}`, {
			env: {},
			configFile: false,
			websiteId: 'x',
			batchSize: 0,
			logger: {warn: (line) => warnings.push(line)},
		});
		expect(analytics.enabled).toBe(false);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain(
			'analytics disabled, tracking calls do nothing: the configuration is invalid',
		);
		expect(warnings[0]).toContain('"umami.website_id" (options.websiteId): got "x"');
		expect(warnings[0]).toContain('"umami.async.batch_size" (options.batchSize): got number 0');
		const stats = analytics.stats();
		expect(stats.enabled).toBe(false);
		expect(stats.disabledReason).toContain('2 configuration errors');
		expect(() => analytics.trackEvent('x')).not.toThrow();
	});

	it('a typo in config.yaml (batch_sise) no longer crashes getAnalytics', () => {
		const path = file(`umami:\n  website_id: ${ID}\n  async:\n    batch_sise: 10\n`);
		const analytics = getAnalytics(`file-typo-${counter++}`, {env: {}, configFile: path, logger: {}});
		expect(analytics.config.warnings.map((each) => each.source)).toEqual([{kind: 'file', path, line: 4}]);
	});

	it('sanitizer options the sanitizer refuses (a pattern that is no RegExp) disable too; strict throws a ConfigError', () => {
		const options: AnalyticsOptions = {
			env: {},
			configFile: false,
			websiteId: ID,
			logger: {},
			sanitization: {patterns: [{name: 'member', pattern: 'M-\\d+' as never}]},
		};
		const analytics = getAnalytics(`patterns-${counter++}`, options);
		expect(analytics.stats().disabledReason).toContain('"patterns[0]".pattern: expected a RegExp');
		expect(() => getAnalytics(`patterns-${counter++}`, {...options, strict: true})).toThrow(ConfigError);
	});

	it('strict: true throws the typed ConfigError with every problem', () => {
		let caught: unknown;
		try {
			getAnalytics(`strict-${counter++}`, {
				strict: true,
				env: {},
				configFile: false,
				websiteId: 'x',
				batchSize: 0,
			});
		} catch (thrown) {
			caught = thrown;
		}
		expect(isConfigError(caught)).toBe(true);
		expect((caught as ConfigError).errors.map((each) => each.key)).toEqual([
			'umami.website_id',
			'umami.async.batch_size',
		]);
	});

	it('umami-guard check exits 2 on typos, listing each with its source and line', async () => {
		const path = file(
			`umami:\n  website_id: ${ID}\n  api_url: http://127.0.0.1:9\n  async:\n    batch_sise: 10\n`,
		);
		const result = await cli(['check', '--config', path], {env: {UMAMI_DEBGU: 'true'}});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('2 configuration errors');
		expect(result.stderr).toContain(
			'(env UMAMI_DEBGU): unknown key; expected a known key — did you mean "UMAMI_DEBUG"?',
		);
		expect(result.stderr).toContain(
			`(${path}:5): unknown key; expected a known key — did you mean "batch_size"?`,
		);
	});
});

describe('the durable outbox from JavaScript options', () => {
	it('getAnalytics(app, {outbox: {enabled: true}}) journals every event (it ran without, silently)', async () => {
		const path = join(dir, `outbox-${counter++}`);
		const appName = `outbox-${counter++}`;
		const options: AnalyticsOptions = {
			env: {},
			configFile: false,
			websiteId: ID,
			apiUrl: 'http://umami.test',
			outbox: {enabled: true, path, maxBytes: 1024 * 1024},
			logger: {},
			fetch: () => Promise.reject(new TypeError('fetch failed', {cause: {code: 'ECONNREFUSED'}})),
		};
		expect(resolveConfig(appName, options).outbox).toEqual({enabled: true, path, maxBytes: 1024 * 1024});
		const analytics = getAnalytics(appName, options);
		for (let index = 0; index < 3; index++) analytics.trackEvent('journaled', {index});
		expect(readJournalStatus({path, appName})?.events).toBe(3);
		await analytics.shutdown(100);
		expect(analytics.stats().persisted).toBe(3);
	});
});
