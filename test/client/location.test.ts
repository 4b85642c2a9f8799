import {describe, expect, it} from 'vitest';
import {UmamiAnalytics} from '../../src/client/analytics.js';
import {cleanLocation, locationFromHeaders, type LocationInput} from '../../src/client/identity.js';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {resolveConfig} from '../../src/config/resolve.js';
import {headerReader} from '../../src/integrations/web-shared.js';
import {createSanitizer} from '../../src/sanitize/index.js';
import type {UmamiEvent} from '../../src/types.js';

const sanitizer = createSanitizer({});
const text = (value: string): string => sanitizer.text(value);

function clean(input: LocationInput): {location: ReturnType<typeof cleanLocation>; notes: string[]} {
	const notes: string[] = [];
	const location = cleanLocation(input, (field, what) => notes.push(`${field}: ${what}`), text);
	return {location, notes};
}

describe('cleanLocation', () => {
	it('keeps a valid location, upper-casing codes and stripping the country prefix of a region', () => {
		expect(clean({country: 'de', region: 'by', city: 'München'})).toEqual({
			location: {country: 'DE', region: 'BY', city: 'München'},
			notes: [],
		});
		expect(clean({country: 'DE', region: 'DE-BY'}).location).toEqual({country: 'DE', region: 'BY'});
		expect(clean({country: 'FR', region: '75'}).location).toEqual({country: 'FR', region: '75'});
		expect(clean({country: ' US ', city: "Coeur d'Alene"}).location).toEqual({
			country: 'US',
			city: "Coeur d'Alene",
		});
		expect(clean({country: 'JP', city: '東京'}).location).toEqual({country: 'JP', city: '東京'});
		expect(clean({country: 'US', city: 'St. Louis'}).location).toEqual({country: 'US', city: 'St. Louis'});
	});

	it('decodes percent-encoded (Vercel) and raw UTF-8 (Cloudflare, read as Latin-1) city names', () => {
		expect(clean({country: 'BR', city: 'S%C3%A3o%20Paulo'}).location?.city).toBe('São Paulo');
		const raw = Buffer.from('Zürich', 'utf8').toString('latin1');
		expect(clean({country: 'CH', city: raw}).location?.city).toBe('Zürich');
		// Already decoded by the runtime (Workers' request.cf): kept as it is.
		expect(clean({country: 'CH', city: 'Zürich'}).location?.city).toBe('Zürich');
	});

	it('without a valid country keeps nothing; XX (Cloudflare: unknown) is silently none', () => {
		expect(clean({region: 'BY', city: 'Berlin'})).toEqual({location: undefined, notes: []});
		expect(clean({country: 'XX', city: 'Berlin'})).toEqual({location: undefined, notes: []});
		for (const country of ['DEU', 'D', 'T1', 'D3', 'ÄÖ', 'D\nE', '<s>']) {
			const {location, notes} = clean({country, city: 'Berlin'});
			expect(location).toBeUndefined();
			expect(notes).toEqual(['location: country is not a 2-letter ISO code; location removed']);
		}
		expect(clean({country: 42 as unknown as string}).location).toBeUndefined();
		expect(clean(null as unknown as LocationInput).location).toBeUndefined();
	});

	it('drops a bad region or city alone, with a note that never holds the value', () => {
		const cases: [LocationInput, string][] = [
			[{country: 'DE', region: 'BAYERN'}, 'region'],
			[{country: 'AT', region: 'DE-BY'}, 'region'],
			[{country: 'DE', region: 'B\r\nY'}, 'region'],
			[{country: 'DE', city: 'x'.repeat(51)}, 'city longer than 50'],
			[{country: 'DE', city: 'Berlin\r\nX-Evil: 1'}, 'city has characters'],
			[{country: 'DE', city: 'Ber\u0000lin'}, 'city has characters'],
			[{country: 'DE', city: 'Ber\u202Elin'}, 'city has characters'],
			[{country: 'DE', city: '<script>'}, 'city has characters'],
			[{country: 'DE', city: '100%'}, 'city has characters'],
			[{country: 'DE', city: '-'}, 'city has characters'],
			[{country: 'US', city: '555 123 4567'}, 'personal data'],
		];
		for (const [input, reason] of cases) {
			const {location, notes} = clean(input);
			expect(location).toEqual({country: input.country});
			expect(notes).toHaveLength(1);
			expect(notes[0]).toContain(reason);
			for (const value of [input.region, input.city]) if (value) expect(notes[0]).not.toContain(value);
		}
		expect(clean({country: 'DE', city: 'x'.repeat(50)}).location?.city).toHaveLength(50);
	});

	it('stays linear on adversarial input (a backtracking regex would hang here past the test timeout)', () => {
		const long = 'a '.repeat(50_000) + '!';
		const region = `${'1'.repeat(100_000)}!`;
		expect(clean({country: 'DE', city: long, region}).location).toEqual({country: 'DE'});
		expect(clean({country: 'DE', city: `${'%C3'.repeat(30_000)}`}).location).toEqual({country: 'DE'});
	});
});

describe('locationFromHeaders', () => {
	const reader = (headers: Record<string, string>) => (name: string) => headers[name];

	it('reads the first CDN whose country header is set: Cloudflare, Vercel, CloudFront', () => {
		expect(locationFromHeaders(reader({}))).toBeUndefined();
		expect(
			locationFromHeaders(reader({'cf-ipcountry': 'DE', 'cf-region-code': 'BY', 'cf-ipcity': 'x'})),
		).toEqual({
			country: 'DE',
			region: 'BY',
			city: 'x',
		});
		expect(
			locationFromHeaders(reader({'x-vercel-ip-country': 'FR', 'x-vercel-ip-country-region': 'IDF'})),
		).toEqual({country: 'FR', region: 'IDF', city: undefined});
		expect(
			locationFromHeaders(reader({'cloudfront-viewer-country': 'US', 'cloudfront-viewer-city': 'Seattle'})),
		).toEqual({country: 'US', region: undefined, city: 'Seattle'});
		// A region header without its CDN's country is not mixed into another CDN's location.
		expect(locationFromHeaders(reader({'x-vercel-ip-country': 'FR', 'cf-region-code': 'BY'}))).toEqual({
			country: 'FR',
			region: undefined,
			city: undefined,
		});
	});
});

describe('headerReader (web integrations)', () => {
	it('on Workers, request.cf stands in for absent Cloudflare location headers; a header wins', () => {
		const request = new Request('https://shop.example/x', {headers: {'cf-ipcountry': 'AT'}});
		Object.defineProperty(request, 'cf', {value: {country: 'DE', regionCode: 'BY', city: 'München', asn: 1}});
		const header = headerReader(request);
		expect(locationFromHeaders(header)).toEqual({country: 'AT', region: 'BY', city: 'München'});
		expect(header('asn')).toBeUndefined();
		expect(header('cf-connecting-ip')).toBeUndefined();
		expect(locationFromHeaders(headerReader(new Request('https://shop.example/x')))).toBeUndefined();
	});
});

describe('through UmamiAnalytics', () => {
	const WEBSITE = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';

	/** An instance whose queued events are captured by `beforeSend` (nothing is sent). */
	function create(options: AnalyticsOptions = {}) {
		const seen: UmamiEvent[] = [];
		const analytics = new UmamiAnalytics(
			resolveConfig('location-test', {websiteId: WEBSITE, configFile: false, env: {}, ...options}),
			{
				beforeSend(event) {
					seen.push(event);
					return event;
				},
				fetch: () => Promise.resolve(new Response('{}')),
			},
		);
		return {analytics, seen};
	}

	it("a per-event location is forwarded only under identity.location 'cdn'", async () => {
		const off = create();
		off.analytics.trackEvent('signup', {plan: 'pro'}, {location: {country: 'DE'}});
		expect(off.seen[0]?.location).toBeUndefined();
		await off.analytics.shutdown();

		const on = create({identity: {location: 'cdn'}});
		on.analytics.trackEvent('signup', {plan: 'pro'}, {location: {country: 'de', region: 'BY'}});
		on.analytics.trackPageView('/home', {location: {country: 'FR', city: 'Paris'}});
		on.analytics.identify('user-1', {}, {location: {country: 'IT'}});
		on.analytics.trackEvent('no-location');
		expect(on.seen.map((event) => event.location)).toEqual([
			{country: 'DE', region: 'BY'},
			{country: 'FR', city: 'Paris'},
			{country: 'IT'},
			undefined,
		]);
		// The payload (what Umami gets in the body) never holds it.
		for (const event of on.seen) expect(JSON.stringify(event.payload)).not.toMatch(/DE|Paris/);
		await on.analytics.shutdown();
	});

	it('an invalid location is dropped and counted in stats().adjusted, explained in debug; never thrown', async () => {
		const lines: string[] = [];
		const seen: UmamiEvent[] = [];
		const analytics = new UmamiAnalytics(
			resolveConfig('location-debug', {
				websiteId: WEBSITE,
				configFile: false,
				env: {},
				identity: {location: 'cdn'},
				debug: true,
			}),
			{
				logger: {debug: (line) => lines.push(line)},
				beforeSend(event) {
					seen.push(event);
					return event;
				},
				fetch: () => Promise.resolve(new Response('{}')),
			},
		);
		expect(() =>
			analytics.trackEvent('x', {}, {location: {country: 'Germany', city: 'Berlin'}}),
		).not.toThrow();
		analytics.trackEvent('y', {}, {location: {country: 'DE', city: 'a\nb'}});
		expect(seen.map((event) => event.location)).toEqual([undefined, {country: 'DE'}]);
		expect(analytics.stats().adjusted).toBe(2);
		expect(lines.filter((line) => line.includes('adjusted location'))).toHaveLength(2);
		expect(lines.join('\n')).not.toContain('Germany');
		await analytics.shutdown();
	});

	it('a location that beforeSend sets or changes is validated again before it becomes headers', async () => {
		const sent: Headers[] = [];
		const analytics = new UmamiAnalytics(
			resolveConfig('location-before-send', {
				websiteId: WEBSITE,
				configFile: false,
				env: {},
				identity: {location: 'cdn'},
			}),
			{
				beforeSend: (event) => ({...event, location: {country: 'ch', city: 'Genève\r\nx-evil: 1'}}),
				fetch: (_url, init) => {
					sent.push(new Headers(init?.headers));
					return Promise.resolve(new Response('{}'));
				},
			},
		);
		analytics.trackEvent('x');
		await analytics.flush();
		expect(sent).toHaveLength(1);
		expect(sent[0]?.get('cf-ipcountry')).toBe('CH');
		expect(sent[0]?.get('cf-ipcity')).toBeNull();
		expect(sent[0]?.get('x-evil')).toBeNull();
		expect(analytics.stats().adjusted).toBe(1);
		await analytics.shutdown();
	});
});
