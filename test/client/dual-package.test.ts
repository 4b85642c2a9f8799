/**
 * One registry for the whole process: an ESM app that imports umami-guard and a CommonJS dependency that
 * requires it load two copies of the library (`dist/index.js` and `dist/index.cjs`, built before the tests).
 * Both must reach the same named instance, with the options the app gave it, and one `shutdownAll` must
 * drain what either copy tracked.
 */
import {createRequire} from 'node:module';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {startFaultServer, type FaultServer} from '../helpers/fault-server.js';

type Library = typeof import('../../src/index.js');

const require = createRequire(import.meta.url);
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0';

describe('the ESM and the CommonJS build in one process', () => {
	let umami: FaultServer;
	let esm: Library;
	let cjs: Library;

	beforeAll(async () => {
		umami = await startFaultServer();
		esm = (await import('../../dist/index.js')) as unknown as Library;
		cjs = require('../../dist/index.cjs') as Library;
	});
	afterAll(async () => {
		await umami.close();
	});

	it('share one instance, its options and one shutdown', async () => {
		expect(esm.getAnalytics).not.toBe(cjs.getAnalytics); // two copies indeed
		const options: AnalyticsOptions = {
			websiteId: '00000000-0000-4000-8000-000000000001',
			apiUrl: umami.url,
			configFile: false,
			env: {},
			hostname: 'dual.example',
			userAgent: BROWSER_UA,
			flushIntervalMs: 60_000,
		};
		const analytics = esm.getAnalytics('dual', options);
		expect(cjs.getAnalytics('dual')).toBe(analytics);
		expect(cjs.defaultAnalytics()).toBe(analytics);

		esm.trackEvent('from-esm', {i: 0});
		cjs.trackEvent('from-cjs', {i: 1}); // the CommonJS copy's module-level function: the default instance
		expect(umami.stored).toEqual([]); // nothing leaves before the shutdown

		const result = await cjs.shutdownAll();
		expect(result).toMatchObject({sent: 2, failed: 0, dropped: 0, pending: 0});
		expect(umami.tally(2)).toEqual({stored: 2, missing: [], duplicated: []});
		const payloads = umami.stored.map((stored) => stored.event.payload);
		expect(payloads.map((payload) => [payload?.['name'], payload?.['hostname']])).toEqual([
			['from-esm', 'dual.example'],
			['from-cjs', 'dual.example'],
		]);
		expect(analytics.stats().state).toBe('closed');
	});
});
