/**
 * A `${VAR}` set to an empty string (new-user trial: `website_id: ${UMAMI_WEBSITE_ID}` with the variable empty gave
 * "no website id (set UMAMI_WEBSITE_ID)", which names neither the key nor the file). An empty value counts as not
 * set, as an empty env var and `website_id: ''` do: the env var or the default applies, and one warning names each
 * key, its line and its variable — never a value. `strict: true` makes it an error; an unset variable stays one.
 */
import {afterAll, describe, expect, it} from 'vitest';
import {getAnalytics, shutdownAll} from '../../src/client/registry.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {isConfigError, type ConfigError} from '../../src/errors.js';
import {configFiles} from '../helpers/config-files.js';

const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const file = configFiles('empty-var');
let counter = 0;
afterAll(() => shutdownAll(1000));

describe('a ${VAR} set to an empty string: the key counts as not set, and says so', () => {
	it('website_id: the warning and the disabled reason name the key, its line and the variable', () => {
		const path = file('umami:\n  hostname: shop.example.com\n  website_id: ${UMAMI_WEBSITE_ID}\n');
		const warnings: string[] = [];
		const analytics = getAnalytics(`empty-id-${counter++}`, {
			env: {UMAMI_WEBSITE_ID: ''},
			configFile: path,
			logger: {warn: (line) => warnings.push(line)},
		});
		expect(analytics.stats().state).toBe('disabled');
		expect(analytics.stats().disabledReason).toBe(
			`no website id: "umami.website_id" (${path}:3) is empty, as \${UMAMI_WEBSITE_ID} is set but empty`,
		);
		expect(warnings).toHaveLength(2);
		expect(warnings[0]).toContain(
			`as not set (an empty value counts as none; the env var or the default applies): "umami.website_id" (${path}:3): \${UMAMI_WEBSITE_ID} is set but empty`,
		);
		expect(warnings[1]).toContain('"umami.website_id"');
	});

	it('the env var or the default applies; every emptied key is listed, in apps.<name> too', () => {
		const path = file(
			[
				'umami:',
				'  website_id: ${SITE}',
				'  api_url: ${UMAMI_HOST}${UMAMI_PATH}',
				'  hostname: ${HOST:-}',
				'  apps:',
				'    shop:',
				'      transport:',
				'        user_agent: ${SHOP_UA}',
			].join('\n'),
		);
		const env = {
			SITE: '',
			UMAMI_HOST: '',
			UMAMI_PATH: '',
			SHOP_UA: '',
			UMAMI_WEBSITE_ID: ID,
		};
		const config = resolveConfig('shop', {env, configFile: path});
		expect(config.enabled).toBe(true);
		expect(config.websiteId).toBe(ID);
		expect(config.apiUrl).toBe('https://cloud.umami.is');
		expect(config.transport.userAgent).toContain('umami-guard/');
		// `${HOST:-}` is empty on purpose: nothing to say.
		expect(
			config.emptyKeys.map(
				(each) => `${each.key} @${each.source.kind === 'file' ? each.source.line : ''}: ${each.problem}`,
			),
		).toEqual([
			'umami.website_id @2: ${SITE} is set but empty',
			'umami.api_url @3: ${UMAMI_HOST} and ${UMAMI_PATH} are set but empty',
			'umami.apps.shop.transport.user_agent @8: ${SHOP_UA} is set but empty',
		]);
		expect(config.warnings).toEqual([]);
		// Another app's section is that app's to warn about.
		expect(resolveConfig('api', {env, configFile: path}).emptyKeys.map((each) => each.key)).toEqual([
			'umami.website_id',
			'umami.api_url',
		]);
	});

	it('strict: a typed error naming the key, the line and the variable', () => {
		const path = file('umami:\n  website_id: ${UMAMI_WEBSITE_ID}\n');
		let caught: unknown;
		try {
			resolveConfig('x', {env: {UMAMI_WEBSITE_ID: ''}, configFile: path, strict: true});
		} catch (error) {
			caught = error;
		}
		expect(isConfigError(caught)).toBe(true);
		expect((caught as ConfigError).code).toBe('CONFIG_INVALID');
		expect((caught as ConfigError).message).toBe(
			`Invalid configuration "umami.website_id" (${path}:2): \${UMAMI_WEBSITE_ID} is set but empty; expected a value, or the key left out: an empty value counts as not set (as an empty env var does).`,
		);
	});

	it('an empty UMAMI_WEBSITE_ID with no file is named too; an unset ${VAR} stays an error', () => {
		expect(resolveConfig('x', {env: {UMAMI_WEBSITE_ID: ''}, configFile: false}).disabledReason).toBe(
			'no website id: UMAMI_WEBSITE_ID is set but empty',
		);
		const path = file('umami:\n  website_id: ${UMAMI_WEBSITE_ID}\n');
		expect(() => resolveConfig('x', {env: {}, configFile: path})).toThrow('${UMAMI_WEBSITE_ID} is not set');
	});
});
