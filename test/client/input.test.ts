import {describe, expect, it} from 'vitest';
import {createTestAnalytics} from '../../src/testing/index.js';

/** A test instance whose debug lines are kept. */
function create() {
	const lines: string[] = [];
	const test = createTestAnalytics({debug: true, logger: {debug: (line) => lines.push(line)}});
	return {...test, lines};
}

describe('arguments of the wrong type are dropped as invalid, explained, never sent nor thrown', () => {
	it('trackPageView(null) and trackPageView(5) send nothing (they used to send url "null" and "5")', async () => {
		const {analytics, flushed, drops, lines} = create();
		analytics.trackPageView(null as unknown as string);
		analytics.trackPageView(5 as unknown as string);
		analytics.trackPageView({} as unknown as string);
		analytics.trackPageView('/ok');
		const events = await flushed();
		expect(events.map((event) => event.payload.url)).toEqual(['/ok']);
		expect(analytics.stats().dropped.invalid).toBe(3);
		expect(drops.map((drop) => drop.detail)).toEqual([
			'page view url must be a string, got null',
			'page view url must be a string, got a number',
			'page view url must be a string, got an object',
		]);
		expect(
			lines.filter((line) => line.includes('dropped (invalid): page view url must be a string')),
		).toHaveLength(3);
	});

	it('context and page view fields must be strings; options, data and location objects', async () => {
		const {analytics, flushed, drops} = create();
		const bad: [() => void, string][] = [
			[
				() => analytics.trackPageView('/p', {title: 5} as never),
				'page view options.title must be a string, got a number',
			],
			[
				() => analytics.trackPageView('/p', {referrer: null} as never),
				'page view options.referrer must be a string, got null',
			],
			[
				() => analytics.trackPageView('/p', 'title' as never),
				'page view options must be an object, got a string',
			],
			[
				() => analytics.trackPageView('/p', {data: 'x'} as never),
				'page view options.data must be an object, got a string',
			],
			[
				() => analytics.trackEvent('e', {}, {url: new URL('http://a.test/')} as never),
				'context.url must be a string, got a URL',
			],
			[
				() => analytics.trackEvent('e', {}, {location: 'DE'} as never),
				'context.location must be an object, got a string',
			],
			[() => analytics.trackEvent('e', 'plan' as never), 'event data must be an object, got a string'],
			[() => analytics.trackEvent('e', [1, 2] as never), 'event data must be an object, got an array'],
			[() => analytics.identify(42 as never), 'identify.id must be a string, got a number'],
			[() => analytics.identify('u1', 7 as never), 'identify data must be an object, got a number'],
			[() => analytics.identify(Buffer.from('x') as never), 'identify.id must be a string, got a Buffer'],
		];
		for (const [call] of bad) expect(call).not.toThrow();
		expect(await flushed()).toEqual([]);
		expect(drops.map((drop) => drop.detail)).toEqual(bad.map(([, detail]) => detail));
		expect(analytics.stats()).toMatchObject({tracked: bad.length, droppedTotal: bad.length});
	});

	it('every string field of a context is checked, each by its name', async () => {
		const {analytics, flushed, drops} = create();
		const fields = [
			'url',
			'title',
			'referrer',
			'hostname',
			'language',
			'screen',
			'tag',
			'userAgent',
			'ip',
			'id',
		];
		for (const field of fields) analytics.trackEvent('e', {}, {[field]: 5} as never);
		expect(await flushed()).toEqual([]);
		expect(drops.map((drop) => drop.detail)).toEqual(
			fields.map((field) => `context.${field} must be a string, got a number`),
		);
	});

	it('absent values stay accepted: undefined anywhere, null as data', async () => {
		const {analytics, flushed} = create();
		analytics.trackEvent('e', undefined, {url: undefined} as never);
		analytics.trackEvent('e', null as never);
		analytics.trackPageView('/p', {data: null} as never);
		analytics.identify(undefined, null as never);
		expect(await flushed()).toHaveLength(4);
		expect(analytics.stats().droppedTotal).toBe(0);
	});
});
