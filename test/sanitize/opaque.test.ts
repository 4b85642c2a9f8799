/**
 * Binary data and streams are never walked into their content: each becomes a marker with its size
 * (`[BINARY 16 bytes]`) or `[STREAM]`, counted through `onRemove`, nested or not, in arrays, with or without
 * sanitizing. Before, a `Buffer` holding an email went out as its bytes: `[106,97,110,101,64,…]`.
 */
import {Readable, Writable} from 'node:stream';
import {runInNewContext} from 'node:vm';
import {describe, expect, it} from 'vitest';
import {createRequestTracker} from '../../src/integrations/request.js';
import {createSanitizer, sanitizeData} from '../../src/sanitize/index.js';
import {opaqueMarker} from '../../src/sanitize/opaque.js';
import {createTestAnalytics} from '../../src/testing/index.js';

const EMAIL = 'jane@example.com';
/** The email as the byte list a typed array became: `106,97,110,101,64`. */
const BYTES = [...Buffer.from(EMAIL)].slice(0, 5).join(',');

/** Every binary type, each holding the email's 16 bytes, with its expected marker. */
function binaries(): [string, object, string][] {
	const bytes = new Uint8Array(Buffer.from(EMAIL));
	const shared = new SharedArrayBuffer(16);
	new Uint8Array(shared).set(bytes);
	return [
		['Buffer', Buffer.from(EMAIL), '[BINARY 16 bytes]'],
		['Uint8Array', new Uint8Array(bytes), '[BINARY 16 bytes]'],
		['Uint8ClampedArray', new Uint8ClampedArray(bytes), '[BINARY 16 bytes]'],
		['Int8Array', new Int8Array(bytes), '[BINARY 16 bytes]'],
		['Uint16Array', new Uint16Array(bytes.buffer), '[BINARY 16 bytes]'],
		['Int16Array', new Int16Array(bytes.buffer), '[BINARY 16 bytes]'],
		['Uint32Array', new Uint32Array(bytes.buffer), '[BINARY 16 bytes]'],
		['Int32Array', new Int32Array(bytes.buffer), '[BINARY 16 bytes]'],
		['Float32Array', new Float32Array(bytes.buffer), '[BINARY 16 bytes]'],
		['Float64Array', new Float64Array(bytes.buffer), '[BINARY 16 bytes]'],
		['BigInt64Array', new BigInt64Array(bytes.buffer), '[BINARY 16 bytes]'],
		['BigUint64Array', new BigUint64Array(bytes.buffer), '[BINARY 16 bytes]'],
		['DataView', new DataView(bytes.buffer), '[BINARY 16 bytes]'],
		['ArrayBuffer', bytes.buffer, '[BINARY 16 bytes]'],
		['SharedArrayBuffer', shared, '[BINARY 16 bytes]'],
		['Blob', new Blob([EMAIL]), '[BINARY 16 bytes]'],
		['File', new File([EMAIL], 'contact.txt'), '[BINARY 16 bytes]'],
		['ArrayBuffer of another realm', runInNewContext('new ArrayBuffer(16)') as object, '[BINARY 16 bytes]'],
		['Uint8Array of another realm', runInNewContext('new Uint8Array(16)') as object, '[BINARY 16 bytes]'],
		['Node Readable', Readable.from([EMAIL]), '[STREAM]'],
		['Node Writable', new Writable(), '[STREAM]'],
		['web ReadableStream', new ReadableStream({start: (c) => c.enqueue(EMAIL)}), '[STREAM]'],
		['web WritableStream', new WritableStream(), '[STREAM]'],
	];
}

describe('opaqueMarker', () => {
	it.each(binaries())('%s → its marker', (_what, value, marker) => {
		expect(opaqueMarker(value)).toBe(marker);
	});

	it('leaves every other object to the walk, and never throws', () => {
		for (const value of [
			{},
			[],
			new Map(),
			new Set(),
			new Date(),
			/x/,
			new URL('http://a.test'),
			new Error('e'),
		])
			expect(opaqueMarker(value)).toBeUndefined();
		const hostile = new Proxy(
			{},
			{
				get() {
					throw new Error('trap');
				},
				getPrototypeOf() {
					throw new Error('trap');
				},
			},
		);
		expect(opaqueMarker(hostile)).toBeUndefined();
	});

	it('a forged size never reaches the marker', () => {
		const forged = {[Symbol.toStringTag]: 'ArrayBuffer', byteLength: EMAIL};
		expect(opaqueMarker(forged)).toBe('[BINARY]');
	});
});

describe('sanitizer data(): binary and streams become markers', () => {
	it.each(binaries())(
		'%s: top level, nested, in arrays and sets, under allowKeys; counted',
		(_what, value, marker) => {
			const removed: string[] = [];
			const sanitizer = createSanitizer({allowKeys: ['raw'], onRemove: (what) => removed.push(what)});
			const out = sanitizer.data({
				top: value,
				nested: {deeper: {value}},
				list: [1, value],
				set: new Set([value]),
				map: new Map([['m', value]]),
				raw: value,
			});
			expect(out).toEqual({
				top: marker,
				nested: {deeper: {value: marker}},
				list: [1, marker],
				set: [marker],
				map: {m: marker},
				raw: marker,
			});
			expect(removed).toHaveLength(6);
			expect(removed[0]).toBe(`${marker} in place of its content`);
			expect(sanitizer.data(value)).toEqual({value: marker});
			expect(JSON.stringify(out)).not.toContain(BYTES);
		},
	);

	it('sanitizeData (standalone) and detect() agree', () => {
		expect(sanitizeData({buf: Buffer.from(EMAIL)})).toEqual({buf: '[BINARY 16 bytes]'});
		expect(sanitizeData(Buffer.from(EMAIL))).toEqual({value: '[BINARY 16 bytes]'});
		// A marker is no personal data: the final gate lets the event through.
		expect(createSanitizer().isPii({buf: Buffer.from(EMAIL)})).toBe(false);
	});

	it('a URL object becomes its sanitized href (it used to become {})', () => {
		expect(sanitizeData({link: new URL(`https://a.test/reset?email=${EMAIL}`)})).toEqual({
			link: 'https://a.test/reset?email=[REDACTED_EMAIL]',
		});
	});
});

describe('every entry point of the client', () => {
	it.each([true, false])(
		'sanitization %s: trackEvent, trackPageView data, identify, extraData',
		async (enabled) => {
			const {analytics, flushed} = createTestAnalytics({sanitization: {enabled}});
			const buf = Buffer.from(EMAIL);
			analytics.trackEvent('upload', {buf, nested: {list: [buf, new Uint16Array(4)]}});
			analytics.trackPageView('/p', {data: {buf}});
			analytics.identify('user-1', {avatar: new Blob([EMAIL])});
			const tracker = createRequestTracker(analytics, {extraData: () => ({body: buf})});
			tracker.track({method: 'POST', path: '/upload', status: 201, durationMs: 1, header: () => undefined});
			const events = await flushed();
			expect(events.map((event) => event.payload.data)).toEqual([
				{buf: '[BINARY 16 bytes]', nested: {list: ['[BINARY 16 bytes]', '[BINARY 8 bytes]']}},
				{buf: '[BINARY 16 bytes]'},
				{avatar: '[BINARY 16 bytes]'},
				expect.objectContaining({body: '[BINARY 16 bytes]', method: 'POST'}),
			]);
			expect(JSON.stringify(events)).not.toContain(BYTES);
			expect(analytics.stats().adjusted).toBe(6);
		},
	);
});
