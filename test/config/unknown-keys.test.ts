/**
 * An unknown key — a typo in config.yaml, an env var, an option — is warned about and ignored: the rest of
 * the configuration applies and the app keeps tracking (new-user trial: one misspelt optional key under
 * `async:` or an app disabled all tracking). The warning names each key as written, its source and the
 * nearest known key, never a value. A wrong value of a known key stays a typed error; `strict: true` (and the
 * CLI, which checks configurations) makes unknown keys errors too.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {getAnalytics, shutdownAll} from '../../src/client/registry.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {isConfigError} from '../../src/errors.js';
import type {FaultServer} from '../helpers/fault-server.js';
import {useFaultServer} from '../helpers/use-fault-server.js';

const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const SECRET_LOOKING = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const dir = mkdtempSync(join(tmpdir(), 'umami-guard-unknown-keys-'));
let counter = 0;
let server: FaultServer;
useFaultServer((started) => (server = started));
afterAll(() => shutdownAll(1000));

function file(text: string): string {
	const path = join(dir, `config-${counter++}.yaml`);
	writeFileSync(path, text);
	return path;
}

/** A config.yaml for app `shop` with a typo under `async:` and one under `apps.shop`, each with a value. */
function typoFile(): string {
	return file(
		[
			'umami:',
			`  website_id: ${ID}`,
			`  api_url: ${server.url}`,
			'  hostname: base.example.com',
			'  async:',
			`    batch_sise: ${SECRET_LOOKING}`,
			'    flush_interval_seconds: 0.01',
			'  apps:',
			'    shop:',
			'      hostnme: typo.example.com',
			'      transport:',
			'        user_agent: Mozilla/5.0 (X11; Linux x86_64) shop/1.0',
		].join('\n'),
	);
}

describe('an unknown key is warned about and ignored; the rest applies', () => {
	it('typos under async: and apps.<name>: tracking still works, with the other keys of the file', async () => {
		const path = typoFile();
		const warnings: string[] = [];
		const analytics = getAnalytics(`shop`, {
			env: {},
			configFile: path,
			logger: {warn: (line) => warnings.push(line)},
		});
		expect(analytics.stats().state).toBe('open');
		analytics.trackEvent('signup', {plan: 'pro'});
		await analytics.flush();
		expect(server.stored).toHaveLength(1);
		expect(server.stored[0]?.event.payload).toMatchObject({name: 'signup', hostname: 'base.example.com'});
		expect(server.requests[0]?.headers['user-agent']).toBe('Mozilla/5.0 (X11; Linux x86_64) shop/1.0');

		expect(warnings).toEqual([
			'umami-guard[shop] ignored 2 unknown configuration keys, the rest applies:\n' +
				`- "umami.async.batch_sise" (${path}:6): expected a known key — did you mean "batch_size"?\n` +
				`- "umami.apps.shop.hostnme" (${path}:10): expected a known key — did you mean "hostname"?`,
		]);
		// Names and places only: never a value, not even a harmless one.
		expect(warnings.join('\n')).not.toContain(SECRET_LOOKING);
		expect(warnings.join('\n')).not.toContain('typo.example.com');
	});

	it('another app’s typo is that app’s to warn about', () => {
		const config = resolveConfig('api', {env: {}, configFile: typoFile()});
		expect(config.enabled).toBe(true);
		expect(config.warnings.map((each) => each.key)).toEqual(['umami.async.batch_sise']);
	});

	it('options, nested options and near-miss env vars: the same rule, in resolveConfig’s warnings', () => {
		const config = resolveConfig('x', {
			env: {UMAMI_WEBSITEID: ID, UMAMI_WEBSITE_ID: ID},
			configFile: false,
			batchSise: 5,
			identity: {ipp: 'forward', anonymousId: true},
		} as AnalyticsOptions);
		expect(config.enabled).toBe(true);
		expect(config.identity).toEqual({ip: 'none', anonymousId: true, location: 'none'});
		expect(config.warnings.map((each) => `${each.key}: ${each.expected}`)).toEqual([
			'UMAMI_WEBSITEID: a known key — did you mean "UMAMI_WEBSITE_ID"?',
			'options.batchSise: a known key — did you mean "batchSize"?',
			'options.identity.ipp: a known key — did you mean "ip"?',
		]);
	});

	it('a mistyped websiteId leaves no website id: the warning says which key was meant, then why nothing is sent', () => {
		const warnings: string[] = [];
		const analytics = getAnalytics(`typo-id-${counter++}`, {
			env: {},
			configFile: false,
			websiteID: ID,
			logger: {warn: (line) => warnings.push(line)},
		} as AnalyticsOptions);
		expect(analytics.stats().disabledReason).toBe('no website id (set UMAMI_WEBSITE_ID)');
		expect(warnings).toHaveLength(2);
		expect(warnings[0]).toContain(
			'"options.websiteID" (options): expected a known key — did you mean "websiteId"?',
		);
		expect(warnings[0]).not.toContain(ID);
	});

	it('a wrong value of a known key stays an error that disables, with the unknown key still warned about', () => {
		const warnings: string[] = [];
		const path = file(`umami:\n  website_id: ${ID}\n  async:\n    batch_size: 0\n    batch_sise: 3\n`);
		const analytics = getAnalytics(`bad-value-${counter++}`, {
			env: {},
			configFile: path,
			logger: {warn: (line) => warnings.push(line)},
		});
		expect(analytics.enabled).toBe(false);
		expect(analytics.stats().disabledReason).toContain(`"umami.async.batch_size" (${path}:4): got number 0`);
		expect(analytics.stats().disabledReason).not.toContain('batch_sise');
		expect(warnings).toHaveLength(2);
		expect(warnings[0]).toContain(`"umami.async.batch_sise" (${path}:5)`);
	});
});

describe('strict: unknown keys are errors', () => {
	/** The keys of the ConfigError `run` throws (none when it throws nothing or something else). */
	const thrownKeys = (run: () => unknown): string[] => {
		try {
			run();
		} catch (thrown) {
			if (isConfigError(thrown)) return thrown.errors.map((each) => each.key);
		}
		return [];
	};

	it('resolveConfig and getAnalytics with strict: true throw one ConfigError listing unknown keys first', () => {
		const path = file(`umami:\n  website_id: ${ID}\n  async:\n    batch_sise: 10\n    queue_size: lots\n`);
		const options = {env: {}, configFile: path, strict: true, maxInFlihgt: 2} as AnalyticsOptions;
		const expected = ['options.maxInFlihgt', 'umami.async.batch_sise', 'umami.async.queue_size'];
		expect(thrownKeys(() => resolveConfig('x', options))).toEqual(expected);
		expect(thrownKeys(() => getAnalytics(`strict-${counter++}`, options))).toEqual(expected);
	});
});
