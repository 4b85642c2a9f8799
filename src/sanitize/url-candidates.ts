/**
 * Which parts of a URL can hold personal data: a path segment, query key or value that no text pass can match
 * is left as written, judged in place (no slice, no decode, no copy).
 */
import {API_KEY_HINT} from './patterns.js';

/**
 * ASCII letters, `_` and `-` only, each letter run holding a letter past `f`, and from 16 characters on no API
 * key head: `utm_campaign`, `thalassinus-decipio`, `X-Amz-SignedHeaders`. Without a digit no phone, card, IBAN,
 * IP or other number can match; without `@ . : / % = [` or a space no email, URL, path, key-value, JWT or
 * marker; a run with a letter past `f` is no UUID, MAC or hex group. What is left for a run of token
 * characters is the API key prefixes (`sk-…`, `AKIA…`, `xoxb-…`), which the scan tries from 16 characters on.
 * Checks `s` from `from` to `to`.
 */
export function isPlainUrlWord(s: string, from: number, to: number): boolean {
	// Whether the current letter run is all hex so far; a run must end with it false.
	let hexOnly = true;
	for (let i = from; i < to; i++) {
		const c = s.charCodeAt(i);
		// `(c | 32) - 97` is 0–25 for an ASCII letter of either case, 0–5 for a hex one.
		const l = (c | 32) - 97;
		if (l >= 0 && l < 26) {
			if (l >= 6) hexOnly = false;
		} else if (c === 45 || c === 95) {
			if (hexOnly) return false;
			hexOnly = true;
		} else return false;
	}
	if (hexOnly) return false;
	return to - from < 16 || !API_KEY_HINT.test(s.slice(from, to));
}

/**
 * A `+` at most, then 7 to 25 ASCII digits and nothing else (`+4930123456`, `12684640361`): of the text passes only
 * the number pass can match such a string, and its one match is the whole of it (`NUMBER_RUN` takes up to 25
 * digits), so the URL scan judges it as that match directly.
 */
export function isBareNumber(s: string): boolean {
	const from = s.charCodeAt(0) === 43 ? 1 : 0;
	const digits = s.length - from;
	if (digits < 7 || digits > 25) return false;
	for (let i = from; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 48 || c > 57) return false;
	}
	return true;
}
