import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {ConfigError, isConfigError, isUmamiGuardError} from '../../src/errors.js';
import {DEFAULT_USER_AGENT, resolveConfig} from '../../src/config/resolve.js';
import {interpolate, MAX_CONFIG_BYTES} from '../../src/config/file.js';

const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const OTHER_ID = '11111111-2222-4333-8444-555555555555';
const dir = mkdtempSync(join(tmpdir(), 'umami-guard-config-'));
let counter = 0;

function file(text: string): string {
	const path = join(dir, `config-${counter++}.yaml`);
	writeFileSync(path, text);
	return path;
}

function error(run: () => unknown): ConfigError {
	try {
		run();
	} catch (caught) {
		expect(isConfigError(caught)).toBe(true);
		expect(isUmamiGuardError(caught)).toBe(true);
		return caught as ConfigError;
	}
	throw new Error('expected a ConfigError');
}

describe('defaults and precedence', () => {
	it('gives complete defaults with only a website id', () => {
		const config = resolveConfig('app', {env: {UMAMI_WEBSITE_ID: ID}, configFile: false});
		expect(config.enabled).toBe(true);
		expect(config.websiteId).toBe(ID);
		expect(config.apiUrl).toBe('https://cloud.umami.is');
		expect(config.queue).toEqual({
			maxSize: 10_000,
			batchSize: 100,
			flushIntervalMs: 5000,
			maxInFlight: 2,
			overflow: 'drop_oldest',
			maxAttempts: 10,
			maxEventAgeMs: 86_400_000,
			flushTimeoutMs: 10_000,
		});
		expect(config.transport).toEqual({
			endpoint: 'auto',
			timeoutMs: 10_000,
			userAgent: DEFAULT_USER_AGENT,
			maxRetryAfterMs: 60_000,
		});
		expect(config.identity).toEqual({ip: 'none', anonymousId: false, location: 'none'});
		expect(config.outbox.enabled).toBe(false);
	});

	it('orders options > env > file (app section over umami) > defaults', () => {
		const path = file(
			[
				'umami:',
				`  website_id: ${OTHER_ID}`,
				'  api_url: https://file.example',
				'  debug: true',
				'  async:',
				'    batch_size: 7',
				'    queue_size: 70',
				'    flush_interval_seconds: 0.5',
				'  apps:',
				'    shop:',
				'      async:',
				'        queue_size: 80',
			].join('\n'),
		);
		const env = {UMAMI_API_URL: 'https://env.example/', UMAMI_WEBSITE_ID: ID};
		const fromFile = resolveConfig('shop', {env: {}, configFile: path});
		expect(fromFile.websiteId).toBe(OTHER_ID);
		expect(fromFile.apiUrl).toBe('https://file.example');
		expect(fromFile.queue.maxSize).toBe(80);
		expect(fromFile.queue.batchSize).toBe(7);
		expect(fromFile.queue.flushIntervalMs).toBe(500);
		expect(fromFile.debug).toBe(true);

		const fromEnv = resolveConfig('shop', {env, configFile: path});
		expect(fromEnv.websiteId).toBe(ID);
		expect(fromEnv.apiUrl).toBe('https://env.example');

		const fromOptions = resolveConfig('shop', {
			env,
			configFile: path,
			apiUrl: 'http://127.0.0.1:3000',
			batchSize: 3,
			flushIntervalMs: 250,
		});
		expect(fromOptions.apiUrl).toBe('http://127.0.0.1:3000');
		expect(fromOptions.queue.batchSize).toBe(3);
		expect(fromOptions.queue.flushIntervalMs).toBe(250);
		expect(fromOptions.queue.maxSize).toBe(80);

		expect(resolveConfig('other', {env: {}, configFile: path}).queue.maxSize).toBe(70);
	});

	it('maps the seed’s sanitization switches onto sanitizer options; explicit options win', () => {
		const path = file(
			`umami:\n  website_id: ${ID}\n  sanitization:\n    sanitize_emails: false\n    sanitize_uuids: false\n    sensitive_keys: [member_no]\n    patterns:\n      - {name: order, regex: 'ORD-\\d{6}', marker: '[ORDER]'}\n`,
		);
		const config = resolveConfig('x', {env: {}, configFile: path, sanitization: {uuids: true}});
		expect(config.sanitizer.emails).toBe(false);
		expect(config.sanitizer.uuids).toBe(true);
		expect(config.sanitizer.sensitiveKeys).toEqual(['member_no']);
		expect(config.sanitizer.patterns?.[0]?.pattern.test('ORD-123456')).toBe(true);
		expect(config.sanitizer.patterns?.[0]?.marker).toBe('[ORDER]');
	});

	it('async.enabled: false sends every event on its own', () => {
		const path = file(`umami:\n  website_id: ${ID}\n  async:\n    enabled: false\n`);
		const config = resolveConfig('x', {env: {}, configFile: path});
		expect(config.queue.batchSize).toBe(1);
		expect(config.queue.flushIntervalMs).toBe(0);
	});

	it('parses env booleans in the usual spellings', () => {
		for (const [text, value] of [
			['true', true],
			['1', true],
			['yes', true],
			['on', true],
			['false', false],
			['0', false],
			['off', false],
		] as const) {
			expect(
				resolveConfig('x', {env: {UMAMI_WEBSITE_ID: ID, UMAMI_DEBUG: text}, configFile: false}).debug,
			).toBe(value);
		}
	});

	it('identity.location: off by default; cdn from the file, env or options, in that precedence', () => {
		const path = file(`umami:\n  website_id: ${ID}\n  identity:\n    location: cdn\n`);
		expect(resolveConfig('x', {env: {}, configFile: path}).identity.location).toBe('cdn');
		const env = {UMAMI_WEBSITE_ID: ID, UMAMI_IDENTITY_LOCATION: 'none'};
		expect(resolveConfig('x', {env, configFile: path}).identity.location).toBe('none');
		const option = resolveConfig('x', {env, configFile: path, identity: {location: 'cdn'}});
		expect(option.identity).toEqual({ip: 'none', anonymousId: false, location: 'cdn'});
		const none = file(`umami:\n  website_id: ${ID}\n  identity:\n    location: none\n`);
		expect(resolveConfig('x', {env: {}, configFile: none}).identity.location).toBe('none');
	});

	it('identity.location refuses anything but none and cdn, naming the source', () => {
		const fromEnv = error(() =>
			resolveConfig('x', {env: {UMAMI_WEBSITE_ID: ID, UMAMI_IDENTITY_LOCATION: 'on'}, configFile: false}),
		);
		expect(fromEnv.message).toBe(
			'Invalid configuration "umami.identity.location" (env UMAMI_IDENTITY_LOCATION): got "on"; expected one of "none", "cdn".',
		);
		const path = file(`umami:\n  website_id: ${ID}\n  identity:\n    location: true\n`);
		expect(error(() => resolveConfig('x', {env: {}, configFile: path})).source).toEqual({
			kind: 'file',
			path,
			line: 4,
		});
		const option = {
			identity: {location: 'ip' as 'cdn'},
			env: {UMAMI_WEBSITE_ID: ID},
			configFile: false as const,
		};
		expect(error(() => resolveConfig('x', option)).source).toEqual({
			kind: 'option',
			path: 'identity.location',
		});
	});

	it('ships config.example.yaml, which loads as the defaults', () => {
		const example = resolveConfig('x', {env: {UMAMI_WEBSITE_ID: ID}, configFile: 'config.example.yaml'});
		const defaults = resolveConfig('x', {env: {UMAMI_WEBSITE_ID: ID}, configFile: false});
		expect({...example, configFile: undefined, sanitizer: {}}).toEqual({...defaults, sanitizer: {}});
		expect(readFileSync('config.example.yaml', 'utf8')).toContain('sanitize_api_keys');
	});
});

describe('disabled instances', () => {
	it('needs nothing, not even a readable file, when UMAMI_ENABLED=false', () => {
		const config = resolveConfig('x', {
			env: {UMAMI_ENABLED: 'false', UMAMI_CONFIG: '/does/not/exist.yaml', UMAMI_WEBSITE_ID: 'junk'},
		});
		expect(config.enabled).toBe(false);
		expect(config.disabledReason).toContain('UMAMI_ENABLED');
	});

	it('is disabled, with a reason, when there is no website id', () => {
		const config = resolveConfig('x', {env: {}, configFile: false});
		expect(config.enabled).toBe(false);
		expect(config.disabledReason).toContain('UMAMI_WEBSITE_ID');
	});

	it('an empty ${VAR:-} default counts as unset', () => {
		const path = file('umami:\n  website_id: ${UMAMI_WEBSITE_ID:-}\n');
		expect(resolveConfig('x', {env: {}, configFile: path}).enabled).toBe(false);
	});
});

describe('errors name the key, the source and the expectation', () => {
	it('a malformed website id from env', () => {
		const caught = error(() =>
			resolveConfig('x', {env: {UMAMI_WEBSITE_ID: 'not-a-uuid'}, configFile: false}),
		);
		expect(caught.code).toBe('CONFIG_INVALID');
		expect(caught.key).toBe('umami.website_id');
		expect(caught.source).toEqual({kind: 'env', name: 'UMAMI_WEBSITE_ID'});
		expect(caught.message).toBe(
			'Invalid configuration "umami.website_id" (env UMAMI_WEBSITE_ID): got "not-a-uuid"; expected a website id in UUID form (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), as shown in Umami → Settings → Websites.',
		);
	});

	it('an unknown key with a suggestion, at its line', () => {
		const path = file(`umami:\n  website_id: ${ID}\n  async:\n    batch_sise: 10\n`);
		const caught = error(() => resolveConfig('x', {env: {}, configFile: path, strict: true}));
		expect(caught.message).toBe(
			`Invalid configuration "umami.async.batch_sise" (${path}:4): unknown key; expected a known key — did you mean "batch_size"?`,
		);
		expect(caught.source).toEqual({kind: 'file', path, line: 4});
	});

	it('an unknown top-level key lists or suggests', () => {
		const path = file(`umami:\n  websiteid: ${ID}\n`);
		expect(error(() => resolveConfig('x', {env: {}, configFile: path, strict: true})).message).toContain(
			'did you mean "website_id"?',
		);
	});

	it('an unset ${VAR} with no default', () => {
		const path = file('umami:\n  enabled: true\n  website_id: ${UMAMI_WEBSITE_ID}\n');
		const caught = error(() => resolveConfig('x', {env: {}, configFile: path}));
		expect(caught.message).toBe(
			`Invalid configuration "umami.website_id" (${path}:3): \${UMAMI_WEBSITE_ID} is not set; expected env var UMAMI_WEBSITE_ID to be set, or a default such as \${UMAMI_WEBSITE_ID:-value}.`,
		);
	});

	it('an unset ${VAR} in apps.<name>: the key as written, the variable, the file and line', () => {
		const path = file(
			[
				'umami:',
				'  website_id: ${UMAMI_WEBSITE_ID:-}',
				'  apps:',
				'    checkout:',
				'      website_id: ${CHECKOUT_WEBSITE_ID}',
				'      async:',
				'        batch_size: ${CHECKOUT_BATCH}',
			].join('\n'),
		);
		const caught = error(() => resolveConfig('checkout', {env: {}, configFile: path}));
		expect(caught.errors.map((each) => each.message)).toEqual([
			`Invalid configuration "umami.apps.checkout.website_id" (${path}:5): \${CHECKOUT_WEBSITE_ID} is not set; expected env var CHECKOUT_WEBSITE_ID to be set, or a default such as \${CHECKOUT_WEBSITE_ID:-value}.`,
			`Invalid configuration "umami.apps.checkout.async.batch_size" (${path}:7): \${CHECKOUT_BATCH} is not set; expected env var CHECKOUT_BATCH to be set, or a default such as \${CHECKOUT_BATCH:-value}.`,
		]);
		expect(caught.key).toBe('umami.apps.checkout.website_id');
		expect(caught.source).toEqual({kind: 'file', path, line: 5});
	});

	it('an unset ${VAR} in another app’s section is no problem here: each app’s process sets its own', () => {
		const path = file(
			[
				'umami:',
				'  apps:',
				'    checkout:',
				'      website_id: ${CHECKOUT_WEBSITE_ID}',
				'    api:',
				'      website_id: ${API_WEBSITE_ID}',
			].join('\n'),
		);
		const config = resolveConfig('api', {env: {API_WEBSITE_ID: ID}, configFile: path});
		expect(config.websiteId).toBe(ID);
		expect(error(() => resolveConfig('checkout', {env: {API_WEBSITE_ID: ID}, configFile: path})).key).toBe(
			'umami.apps.checkout.website_id',
		);
	});

	it('a wrong value or unknown key in apps.<name> is named with its app', () => {
		const path = file(
			[
				'umami:',
				`  website_id: ${ID}`,
				'  apps:',
				'    shop:',
				'      async:',
				'        queue_size: lots',
			].join('\n'),
		);
		expect(error(() => resolveConfig('shop', {env: {}, configFile: path})).message).toBe(
			`Invalid configuration "umami.apps.shop.async.queue_size" (${path}:6): got "lots"; expected an integer from 1 to 10000000.`,
		);
		const typo = file(
			['umami:', `  website_id: ${ID}`, '  apps:', '    shop:', '      batch_sise: 3'].join('\n'),
		);
		expect(error(() => resolveConfig('shop', {env: {}, configFile: typo, strict: true})).key).toBe(
			'umami.apps.shop.batch_sise',
		);
	});

	it('a wrong type in the file', () => {
		const path = file(`umami:\n  website_id: ${ID}\n  async:\n    queue_size: lots\n`);
		expect(error(() => resolveConfig('x', {env: {}, configFile: path})).message).toBe(
			`Invalid configuration "umami.async.queue_size" (${path}:4): got "lots"; expected an integer from 1 to 10000000.`,
		);
	});

	it('out-of-range numbers, bad enums and bad URLs from options', () => {
		expect(
			error(() => resolveConfig('x', {env: {}, configFile: false, websiteId: ID, batchSize: 0})).message,
		).toContain(
			'"umami.async.batch_size" (options.batchSize): got number 0; expected an integer from 1 to 1000',
		);
		expect(
			error(() =>
				resolveConfig('x', {
					env: {},
					configFile: false,
					websiteId: ID,
					overflow: 'drop_all' as 'drop_oldest',
				}),
			).expected,
		).toBe('one of "drop_oldest", "drop_newest"');
		expect(
			error(() => resolveConfig('x', {env: {}, configFile: false, websiteId: ID, apiUrl: 'ftp://x'})).message,
		).toContain('expected an absolute http:// or https:// URL');
		const withCredentials = error(() =>
			resolveConfig('x', {env: {}, configFile: false, websiteId: ID, apiUrl: 'https://u:hunter2pass@x.io'}),
		);
		expect(withCredentials.key).toBe('umami.api_url');
		// The message says which rule the URL broke, and never repeats the password.
		expect(withCredentials.message).toContain('without user:password@, ?query or #fragment');
		expect(withCredentials.message).not.toContain('hunter2pass');
	});

	it('never prints the API key, even when it is invalid', () => {
		const key = 'x'.repeat(600);
		const caught = error(() =>
			resolveConfig('x', {env: {UMAMI_API_KEY: key, UMAMI_WEBSITE_ID: ID}, configFile: false}),
		);
		expect(caught.key).toBe('umami.api_key');
		expect(caught.message).not.toContain('xxxxxxxxxx');
		const short = error(() =>
			resolveConfig('x', {env: {UMAMI_WEBSITE_ID: ID}, configFile: file(`umami:\n  api_key: [secret]\n`)}),
		);
		expect(short.message).not.toContain('secret');
	});

	it('a section that is not a mapping', () => {
		const path = file(`umami:\n  website_id: ${ID}\n  async: 5\n`);
		expect(error(() => resolveConfig('x', {env: {}, configFile: path})).message).toContain(
			`"umami.async" (${path}:3): it is a single value; expected a mapping of settings`,
		);
	});
});

describe('the YAML file is parsed safely', () => {
	it('UMAMI_CONFIG=false reads no file, not even ./config.yaml', () => {
		const config = resolveConfig('x', {env: {UMAMI_CONFIG: 'false', UMAMI_WEBSITE_ID: ID}});
		expect(config.configFile).toBeUndefined();
		expect(config.enabled).toBe(true);
	});

	it('a missing file named by UMAMI_CONFIG', () => {
		const caught = error(() => resolveConfig('x', {env: {UMAMI_CONFIG: join(dir, 'nope.yaml')}}));
		expect(caught.code).toBe('CONFIG_FILE');
		expect(caught.message).toContain('the file does not exist');
	});

	it('syntax errors carry their line', () => {
		const path = file('umami:\n  website_id: [unclosed\n  api_url: x\n');
		const caught = error(() => resolveConfig('x', {env: {}, configFile: path}));
		expect(caught.code).toBe('CONFIG_FILE');
		expect(caught.source.kind === 'file' && caught.source.line).toBeGreaterThan(0);
	});

	it('refuses custom tags such as !!js/function', () => {
		const path = file('umami:\n  website_id: !!js/function "function(){ return 1 }"\n');
		const caught = error(() => resolveConfig('x', {env: {}, configFile: path}));
		expect(caught.message).toContain('TAG_RESOLVE_FAILED');
		expect(caught.source).toEqual({kind: 'file', path, line: 2});
	});

	it('caps alias expansion (billion laughs)', () => {
		const path = file(
			[
				'a: &a [x, x, x, x, x, x, x, x, x]',
				'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
				'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
				'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
				'umami:',
				'  enabled: true',
			].join('\n'),
		);
		expect(error(() => resolveConfig('x', {env: {}, configFile: path})).message).toContain(
			'resource exhaustion',
		);
	});

	it('caps the file size', () => {
		const path = file(`umami:\n  enabled: true\n#${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
		expect(error(() => resolveConfig('x', {env: {}, configFile: path})).message).toMatch(
			/the file is \d+ bytes/,
		);
	});

	it('refuses duplicate keys', () => {
		const path = file(`umami:\n  website_id: ${ID}\n  website_id: ${OTHER_ID}\n`);
		expect(error(() => resolveConfig('x', {env: {}, configFile: path})).code).toBe('CONFIG_FILE');
	});

	it('${VAR} interpolation reads env vars and nothing else', () => {
		const env = {A: 'alpha', EMPTY: ''};
		expect(interpolate('${A}-${B:-beta}-${EMPTY:-dflt}', env, 'k', 'f', 1)).toBe('alpha-beta-dflt');
		expect(interpolate('$(whoami) `id` ${A}', env, 'k', 'f', 1)).toBe('$(whoami) `id` alpha');
		expect(interpolate('${A:-${B}}', env, 'k', 'f', 1)).toBe('alpha}');
		expect(() => interpolate('${B}', env, 'k', 'f', 1)).toThrow(ConfigError);
	});

	it('ignores an unrelated config.yaml in the working directory, reads one with an umami section', () => {
		const cwd = process.cwd();
		const work = mkdtempSync(join(tmpdir(), 'umami-guard-cwd-'));
		try {
			process.chdir(work);
			writeFileSync('config.yaml', 'database: !!custom {host: x}\n');
			expect(resolveConfig('x', {env: {UMAMI_WEBSITE_ID: ID}}).configFile).toBeUndefined();
			writeFileSync('config.yaml', `umami:\n  website_id: ${OTHER_ID}\n`);
			const config = resolveConfig('x', {env: {}});
			expect(config.websiteId).toBe(OTHER_ID);
			expect(config.configFile).toBe(join(process.cwd(), 'config.yaml'));
		} finally {
			process.chdir(cwd);
		}
	});
});

afterEach(() => {
	counter++;
});
