import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import type {UmamiAnalytics} from '../../src/client/analytics.js';
import type {PageViewOptions} from '../../src/client/context.js';
import {COUNT_SKIPPED_REQUEST} from '../../src/client/stats.js';
import {Memo} from '../../src/integrations/memo.js';
import {recordOnClose} from '../../src/integrations/node-http.js';
import {
	createRequestTracker,
	type RequestRecord,
	type RouteTrackingOptions,
} from '../../src/integrations/request.js';

/** A tracker over a fake client that keeps what it was asked to send. */
function trackerWith(options: RouteTrackingOptions = {}, ip: 'none' | 'forward' = 'none') {
	const views: {url: string; options: PageViewOptions}[] = [];
	const analytics = {
		enabled: true,
		config: {identity: {ip, anonymousId: false, location: 'none'}},
		trackPageView: (url: string, pageView: PageViewOptions) => views.push({url, options: pageView}),
		trackEvent: () => undefined,
		[COUNT_SKIPPED_REQUEST]: () => undefined,
	} as unknown as UmamiAnalytics;
	return {tracker: createRequestTracker(analytics, options), views};
}

const record = (path: string, headers: Record<string, string> = {}): RequestRecord => ({
	method: 'get',
	path,
	status: 200,
	durationMs: 1.234,
	header: (name) => headers[name],
});

describe('request tracker: URL and query allowlist', () => {
	it.each([
		['/a?utm_source=x&token=t', '/a?utm_source=x'],
		['/a?token=t&utm_source=x&ref=home', '/a?utm_source=x&ref=home'],
		['/a?&&utm_=1&&', '/a?utm_=1'],
		['/a?utm', '/a'],
		['/a?ref', '/a?ref'],
		['/a?refx=1&re=2&ref=&=ref', '/a?ref='],
		['/a?utm_x=1=2&ut=3', '/a?utm_x=1=2'],
		['/a?token=utm_source&x=ref', '/a'],
		['/a#frag?utm_source=x', '/a'],
		['/a?utm_source=x#frag', '/a?utm_source=x'],
		['/a?', '/a'],
	])('%s → %s', (path, url) => {
		const {tracker, views} = trackerWith();
		tracker.track(record(path));
		expect(views[0]?.url).toBe(url);
		expect(views[0]?.options.url).toBe(url);
	});

	it('keeps exact keys and prefixes of a custom allowlist, and only them', () => {
		const {tracker, views} = trackerWith({queryAllowlist: ['page', 'q_*']});
		tracker.track(record('/s?pages=1&page=2&q=3&q_a=4&q_=5&pag=6'));
		expect(views[0]?.url).toBe('/s?page=2&q_a=4&q_=5');
	});

	it('is linear in the query length (a long hostile query)', () => {
		const {tracker, views} = trackerWith();
		tracker.track(record(`/a?${'&'.repeat(200_000)}${'='.repeat(200_000)}utm_a=1`));
		expect(views[0]?.url).toBe('/a');
	});

	it('gives the same host, language and method for a repeated request, and new ones for new values', () => {
		const {tracker, views} = trackerWith();
		const headers = {host: 'Example.COM:8080', 'accept-language': 'de-CH,de;q=0.9'};
		tracker.track(record('/x', headers));
		tracker.track(record('/x', headers));
		tracker.track(record('/x', {host: '[::1]:80', 'accept-language': '*'}));
		expect(views.map((v) => [v.options.hostname, v.options.language, v.options.data?.['method']])).toEqual([
			['example.com', 'de-CH', 'GET'],
			['example.com', 'de-CH', 'GET'],
			[undefined, undefined, 'GET'],
		]);
	});

	it('decides ignored paths by the path alone, whatever the query', () => {
		const {tracker} = trackerWith({ignorePaths: ['/internal/*', /^\/v\d+\/ping$/]});
		expect(tracker.shouldTrack('GET', '/internal/x?y=1')).toBe(false);
		expect(tracker.shouldTrack('GET', '/internal/a#b')).toBe(false);
		expect(tracker.shouldTrack('GET', '/v2/ping?utm_source=x')).toBe(false);
		expect(tracker.shouldTrack('GET', '/v2/pong?x=/health')).toBe(true);
		expect(tracker.shouldTrack('head', '/page')).toBe(false);
		expect(tracker.shouldTrack('GET', '/app.js?v=3')).toBe(false);
		expect(tracker.shouldTrack('GET', '/page')).toBe(true);
	});
});

describe('Memo', () => {
	it('computes a key once while it is in use, and stays bounded', () => {
		const calls: string[] = [];
		const memo = new Memo((key) => (calls.push(key), key.toUpperCase()), 2, 8);
		expect([memo.get('a'), memo.get('a'), memo.get('b'), memo.get('c'), memo.get('a')]).toEqual([
			'A',
			'A',
			'B',
			'C',
			'A',
		]);
		expect(calls).toEqual(['a', 'b', 'c']);
		memo.get('d');
		memo.get('e');
		memo.get('f');
		memo.get('b');
		expect(calls).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'b']);
	});

	it('remembers undefined results and never stores keys over the length limit', () => {
		const calls: string[] = [];
		const memo = new Memo((key) => (calls.push(key), undefined), 4, 3);
		memo.get('ab');
		memo.get('ab');
		memo.get('long');
		memo.get('long');
		expect(calls).toEqual(['ab', 'long', 'long']);
	});
});

describe('recordOnClose', () => {
	it('hands extraData a record with the RequestRecord fields only, once per response', () => {
		const seen: RequestRecord[] = [];
		const {tracker, views} = trackerWith(
			{
				extraData: (record) => {
					seen.push(record);
					return {host: record.header('host')};
				},
			},
			'forward',
		);
		const request = {method: 'GET', url: '/r?utm_source=a', headers: {host: 'a.test'}};
		const response = Object.assign(new EventEmitter(), {statusCode: 201, writableFinished: true});
		recordOnClose(tracker, {
			request,
			response,
			rawPath: '/r?utm_source=a',
			method: 'GET',
			routeOf: () => '/r',
			ip: '10.0.0.1',
		});
		response.emit('close');
		response.emit('close');
		expect(views).toHaveLength(1);
		expect(views[0]?.options.data).toMatchObject({method: 'GET', status: 201, route: '/r', host: 'a.test'});
		expect(Object.keys(seen[0]!).sort()).toEqual(
			[
				'aborted',
				'durationMs',
				'error',
				'header',
				'ip',
				'method',
				'path',
				'route',
				'routeName',
				'status',
			].sort(),
		);
		expect({...seen[0], header: undefined, durationMs: 0}).toEqual({
			route: '/r',
			routeName: undefined,
			status: 201,
			durationMs: 0,
			error: false,
			aborted: false,
			header: undefined,
			path: '/r?utm_source=a',
			method: 'GET',
			ip: '10.0.0.1',
		});
	});

	it('reads the client IP only when the identity policy uses it (Express and Koa compute req.ip per read)', () => {
		for (const [policy, expected] of [
			['none', undefined],
			['forward', '10.0.0.9'],
		] as const) {
			const seen: RequestRecord[] = [];
			const {tracker} = trackerWith({extraData: (record) => void seen.push(record)}, policy);
			expect(tracker.needsIp).toBe(policy !== 'none');
			const request = {method: 'GET', url: '/', headers: {}, socket: {remoteAddress: '10.0.0.9'}};
			const response = Object.assign(new EventEmitter(), {statusCode: 200, writableFinished: true});
			recordOnClose(tracker, {
				request,
				response,
				rawPath: '/',
				method: 'GET',
				routeOf: () => undefined,
				ip: undefined,
			});
			response.emit('close');
			expect(seen[0]?.ip).toBe(expected);
		}
	});
});
