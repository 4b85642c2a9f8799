/**
 * The bytes of a batch on the wire: the UTF-8 of `JSON.stringify` of the events, whatever they hold, with a
 * `content-length` equal to those bytes — over both requesters. Holds the wire format steady for any later
 * work on serialization or request bodies (odd text, numbers and nesting included).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNodeFetch, createTransport, type FetchLike} from '../../src/transport/index.js';
import type {UmamiEvent} from '../../src/types.js';

const WEBSITE = '4f2b4a5e-8d3c-4d4b-9a53-0c0b5a2f1e11';

interface Captured {
	readonly length: string | undefined;
	readonly body: Buffer;
}

let server: http.Server;
let url = '';
const captured: Captured[] = [];

beforeAll(async () => {
	server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			captured.push({length: req.headers['content-length'], body});
			const size = (JSON.parse(body.toString('utf8')) as unknown[]).length;
			res.writeHead(200, {'content-type': 'application/json'});
			res.end(JSON.stringify({size, processed: size, errors: 0, details: []}));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Events whose text, numbers and nesting exercise every branch of JSON's string and number forms. */
function oddEvents(): UmamiEvent[] {
	const payload = (data: NonNullable<UmamiEvent['payload']['data']>, extra = {}): UmamiEvent['payload'] => ({
		website: WEBSITE,
		url: '/caf\u00e9/\u65e5\u672c?q=%F0%9F%98%80',
		timestamp: 1_764_000_000,
		...extra,
		data,
	});
	return [
		{
			type: 'event',
			payload: payload(
				{
					emoji: '\u{1F600}\u{1F469}\u200D\u{1F4BB}',
					lone: 'a\uD800b\uDC00c',
					controls: '\u0000\u0001\u001f\u007f\u2028\u2029',
					escapes: '"quoted" \\ back/slash\n\t\r\b\f',
					latin1: '\u00ff\u00e9',
				},
				{name: 'n\u00e4me \uD83D', title: '\u202Eright-to-left'},
			),
		},
		{
			type: 'event',
			payload: payload({
				zero: 0,
				negativeZero: -0,
				fraction: 0.1 + 0.2,
				small: 5e-324,
				big: 999_999_999_999_999,
				exponent: 1e21,
				negative: -12.5,
				yes: true,
				no: false,
				nothing: null,
			}),
		},
		{
			type: 'identify',
			payload: payload({
				nested: {a: {b: {c: ['x', 1, null, {d: '\u00e9'}]}}},
				list: [[], {}, [[1]]],
				empty: '',
			}),
		},
	];
}

const REQUESTERS: [string, () => FetchLike][] = [
	['fetch', () => globalThis.fetch],
	['node:http', () => createNodeFetch({http, https})],
];

describe.each(REQUESTERS)('a batch over %s', (_name, requester) => {
	it('is the UTF-8 of JSON.stringify of its events, with that many bytes as content-length', async () => {
		const transport = createTransport({
			apiUrl: url,
			fetch: requester(),
			timeoutMs: 10_000,
			userAgent: 'Mozilla/5.0 Umami/v20.20.2',
			headers: {},
			endpoint: 'batch',
			maxRetryAfterMs: 60_000,
		});
		const events = oddEvents();
		const expected = JSON.stringify(events);
		captured.length = 0;
		const results = await transport.send(events, new AbortController().signal);
		expect(results.map((result) => result.status)).toEqual(['delivered', 'delivered', 'delivered']);
		expect(captured).toHaveLength(1);
		const [{length, body}] = captured as [Captured];
		expect(body.equals(Buffer.from(expected, 'utf8'))).toBe(true);
		expect(Number(length)).toBe(body.byteLength);
		expect(JSON.parse(body.toString('utf8'))).toEqual(JSON.parse(expected));
		// Lone surrogates travel as JSON escapes (well-formed JSON.stringify), never as replacement bytes.
		expect(body.toString('utf8')).toContain('a\\ud800b\\udc00c');
	});
});
