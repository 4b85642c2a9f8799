/**
 * Values whose content the data walk must not expand: binary data and streams. Walked like other objects,
 * a `Buffer` or typed array became an array of its bytes (an email as `[106,97,110,101,64,…]`, which no text
 * detector reads) and a stream its internal state. Each becomes a marker that says what it was and carries
 * none of its content: `[BINARY 16 bytes]` (a `Buffer`, typed array, `DataView`, `ArrayBuffer`,
 * `SharedArrayBuffer`, `Blob` or `File`) or `[STREAM]` (a Node stream or a web `ReadableStream` /
 * `WritableStream`, whose content is not even there to measure).
 */

/** The marker of `bytes` bytes of binary data (a size that is no whole number, from a forged object, is left out). */
export function binaryMarker(bytes: unknown): string {
	return Number.isSafeInteger(bytes) && (bytes as number) >= 0
		? `[BINARY ${bytes as number} bytes]`
		: '[BINARY]';
}

/** What replaces a stream. */
export const STREAM_MARKER = '[STREAM]';

const toTag = Object.prototype.toString;

/**
 * The marker that replaces `value` when it is binary data or a stream, else undefined (walk it as usual).
 * Never throws: a hostile object whose inspection throws is left to the walk, which reads it defensively.
 */
export function opaqueMarker(value: object): string | undefined {
	try {
		if (ArrayBuffer.isView(value)) return binaryMarker(value.byteLength);
		// By tag, not `instanceof`: buffers from another realm (a vm context, a worker's transfer) count too.
		const tag = toTag.call(value);
		if (tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]')
			return binaryMarker((value as ArrayBuffer).byteLength);
		if (typeof Blob === 'function' && value instanceof Blob) return binaryMarker(value.size);
		const record = value as {pipe?: unknown; on?: unknown; getReader?: unknown; getWriter?: unknown};
		if (typeof record.getReader === 'function' || typeof record.getWriter === 'function')
			return STREAM_MARKER;
		if (typeof record.pipe === 'function' && typeof record.on === 'function') return STREAM_MARKER;
	} catch {
		// A Proxy or getter that throws: not ours to judge here.
	}
	return undefined;
}
