import Koa from 'koa';
import {describe, expect, it} from 'vitest';
import {createTestAnalytics} from '../../src/testing/index.js';
import {umamiKoa} from '../../src/integrations/koa.js';

// What Koa shares with Express and Fastify (route templates through @koa/router's prefix, errors re-thrown
// untouched to the app, 404s, streams, aborts, ignored requests) runs in node-framework-cases.test.ts.
describe('koa 3', () => {
	it('is one factory, umamiKoa(analytics, options), without patching the instance', async () => {
		const {analytics} = createTestAnalytics();
		expect(typeof umamiKoa(analytics)).toBe('function');
		new Koa().use(umamiKoa(analytics, {mode: 'event'}));
		expect('koa' in analytics).toBe(false);
		await analytics.shutdown();
	});
});
