/**
 * Percent-decoding that never throws, for judging what a URL part says rather than how it is encoded.
 * This file is a leaf: it imports nothing, so every stage may depend on it.
 */

/** One `%XX` escape; the hex digits are group 1. */
const PERCENT_ESCAPE = /%([\da-f]{2})/gi;

/**
 * Decodes `%XX` escapes up to three times (so `%2540` becomes `@`), stopping when nothing changes. Never
 * throws: where `decodeURIComponent` rejects the text (a lone `%`, a broken UTF-8 sequence), only the ASCII
 * escapes (`%00`–`%7F`) are decoded and the others are kept as written.
 */
export function safeDecode(s: string): string {
	let cur = s;
	for (let i = 0; i < 3 && cur.includes('%'); i++) {
		let next: string;
		try {
			next = decodeURIComponent(cur);
		} catch {
			next = cur.replace(PERCENT_ESCAPE, decodeAsciiEscape);
		}
		if (next === cur) break;
		cur = next;
	}
	return cur;
}

function decodeAsciiEscape(m: string, h: string): string {
	const code = parseInt(h, 16);
	return code < 128 ? String.fromCharCode(code) : m;
}
