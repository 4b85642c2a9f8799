/**
 * A page `url` given as an absolute address is sent as its path, its host as the hostname when the call names
 * none. A new user's trial passed Hono's `c.req.url` and Umami stored `http://127.0.0.1:3923/search` as a page
 * of its own, apart from `/search`, with the app's internal host and port.
 */
import {describe, expect, it} from 'vitest';
import {splitPageUrl} from '../../src/client/page-url.js';
import {createTestAnalytics} from '../../src/testing/index.js';
import type {UmamiEvent} from '../../src/types.js';

/** `[url, hostname]` of each event sent. */
const pages = (events: readonly UmamiEvent[]): [unknown, unknown][] =>
	events.map((event) => [event.payload.url, event.payload.hostname]);

describe('absolute page URLs', () => {
	it('are sent as their path, the host as hostname unless the call names one', async () => {
		const {analytics, flushed} = createTestAnalytics({hostname: 'configured.example'});
		analytics.trackPageView('http://127.0.0.1:3923/search?utm_source=mail');
		analytics.trackPageView('HTTPS://Shop.Example.com:8443');
		analytics.trackPageView('https://jane:hunter2@intranet.example.org/wiki/page');
		analytics.trackEvent(
			'signup',
			{plan: 'pro'},
			{url: 'https://app.example.com/pricing', hostname: 'named.example'},
		);
		analytics.trackPageView('/already/a/path');
		analytics.trackPageView('httpbin');
		expect(pages(await flushed())).toEqual([
			['/search?utm_source=mail', '127.0.0.1'],
			['/', 'shop.example.com'],
			['/wiki/page', 'intranet.example.org'],
			['/pricing', 'named.example'],
			['/already/a/path', 'configured.example'],
			['httpbin', 'configured.example'],
		]);
	});

	it('an absolute URL whose host is not a host name keeps the configured hostname', async () => {
		const {analytics, flushed} = createTestAnalytics({hostname: 'configured.example'});
		analytics.trackPageView('http://[::1]:3000/a');
		analytics.trackPageView('https://under_score.example/b');
		expect(pages(await flushed())).toEqual([
			['/a', 'configured.example'],
			['/b', 'configured.example'],
		]);
	});

	it('splitPageUrl reads http and https only, without case', () => {
		expect(splitPageUrl('http://a.example/x?y#z')).toEqual({host: 'a.example', path: '/x?y#z'});
		expect(splitPageUrl('Https://a.example?q=1')).toEqual({host: 'a.example', path: '/?q=1'});
		expect(splitPageUrl('https://a.example#top')).toEqual({host: 'a.example', path: '/#top'});
		for (const other of ['/x', 'ftp://a.example/x', 'mailto:a@b.example', 'https:/a', 'http//a', 'h']) {
			expect(splitPageUrl(other)).toBeUndefined();
		}
	});
});
