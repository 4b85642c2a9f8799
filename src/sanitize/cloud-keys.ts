/**
 * Cloud credentials without a vendor prefix, bare in text: Azure storage account keys, AWS secret access keys,
 * Discord bot tokens and Entra (Azure AD) client secrets (`patterns.CLOUD_SECRET`). The pattern finds their shapes;
 * the checks here tell a random key from a path or a run of words of the same length.
 */
import {CLOUD_SECRET_AT} from './patterns.js';
import {replaceAtStarts} from './replace.js';

/** Upper, lower, digit or other: changes between these classes are frequent in a random key, rare in words. */
function charClass(c: number): number {
	if (c >= 65 && c <= 90) return 0;
	if (c >= 97 && c <= 122) return 1;
	if (c >= 48 && c <= 57) return 2;
	return 3;
}

/**
 * A random-looking key: upper and lower case and a digit, and a class change (upper/lower/digit/other) at least at
 * every third character — base64 of random bytes changes class at about two characters in three, camel-case words
 * and paths (`OrganizationMembershipsController2`) far less often.
 */
function looksRandom(s: string): boolean {
	const n = s.length;
	let upper = 0;
	let lower = 0;
	let digits = 0;
	let changes = 0;
	let prev = -1;
	for (let i = 0; i < n; i++) {
		const cls = charClass(s.charCodeAt(i));
		if (cls === 0) upper++;
		else if (cls === 1) lower++;
		else if (cls === 2) digits++;
		if (prev !== -1 && cls !== prev) changes++;
		prev = cls;
	}
	return upper >= 3 && lower >= 3 && digits >= 1 && changes * 3 >= n;
}

/** The 6-bit value of a base64url character, or -1. */
function sextet(c: number): number {
	if (c >= 65 && c <= 90) return c - 65;
	if (c >= 97 && c <= 122) return c - 71;
	if (c >= 48 && c <= 57) return c + 4;
	return c === 45 ? 62 : c === 95 ? 63 : -1;
}

/**
 * The first part of a Discord bot token: the base64url of a 17–20 digit snowflake id. Decoded here byte by byte
 * (no `Buffer`: the sanitizer runs outside Node too); every whole byte must be an ASCII digit.
 */
function isSnowflakeBase64(part: string): boolean {
	let bits = 0;
	let acc = 0;
	let bytes = 0;
	for (let i = 0; i < part.length; i++) {
		const v = sextet(part.charCodeAt(i));
		if (v < 0) return false;
		acc = ((acc << 6) | v) & 0xfff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			const byte = (acc >> bits) & 0xff;
			if (byte < 48 || byte > 57) return false;
			bytes++;
		}
	}
	return bytes >= 17 && bytes <= 20;
}

/** Whether a `CLOUD_SECRET` candidate is a credential. */
export function isCloudSecret(m: string): boolean {
	const dot = m.indexOf('.');
	const q = m.indexOf('Q~');
	// Entra client secret: `Q~` after three characters and a digit.
	if (q === 4) return looksRandom(m.slice(5));
	// Discord: id.timestamp.hmac.
	if (dot !== -1) return isSnowflakeBase64(m.slice(0, dot));
	return looksRandom(m);
}

/** `A-Z a-z 0-9 + /`: the alphabet of the base64 shapes (Azure, AWS). */
function isBase64Char(c: number): boolean {
	const l = (c | 32) - 97;
	return (l >= 0 && l < 26) || (c >= 47 && c <= 57) || c === 43;
}

/** `A-Z a-z 0-9 _ -`: the alphabet of a Discord token's parts. */
function isTokenPartChar(c: number): boolean {
	const l = (c | 32) - 97;
	return (l >= 0 && l < 26) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/**
 * The first hint of a {@link CLOUD_SECRET_AT} match at or after `from`: the 40th character of a run of base64
 * characters (both base64 shapes start such a run), the 27th of a run of token-part characters (a Discord token's
 * first part or HMAC), or the `Q` of `Q~` (an Entra secret); -1 when there is none, so the pattern cannot match.
 * Only the 40th and 27th characters are hints, not those after them: every match starts a run, so a long run
 * (a data URI) costs one attempt, not one per character. A hint is a fact of the string, so runs that began
 * before `from` count.
 */
function nextCloudHint(s: string, from: number): number {
	let b = 0;
	let w = 0;
	for (let i = from - 1; i >= 0 && b < 40 && isBase64Char(s.charCodeAt(i)); i--) b++;
	for (let i = from - 1; i >= 0 && w < 27 && isTokenPartChar(s.charCodeAt(i)); i--) w++;
	const n = s.length;
	for (let i = from; i < n; i++) {
		const c = s.charCodeAt(i);
		const l = (c | 32) - 97;
		if ((l >= 0 && l < 26) || (c >= 48 && c <= 57)) {
			b++;
			w++;
			if (c === 81 && s.charCodeAt(i + 1) === 126) return i;
		} else if (c === 43 || c === 47) {
			b++;
			w = 0;
		} else if (c === 95 || c === 45) {
			b = 0;
			w++;
		} else {
			b = 0;
			w = 0;
			continue;
		}
		if (b === 40 || w === 27) return i;
	}
	return -1;
}

/**
 * How far a match's first hint lies from its start at most: a Discord token whose first part (23–26 characters)
 * is too short for a window, so the first window ends 27 characters into its HMAC (26 + `.` + 6 + `.` + 27 − 1).
 * The base64 shapes' first window ends 39 characters in, an Entra secret's `Q` 4.
 */
const CLOUD_LEAD = 60;

function cloudFloor(_s: string, h: number, from: number): number {
	return Math.max(from, h - CLOUD_LEAD);
}

/** The pattern's look-behind in code: no base64, word, `=`, `.`, `~`, `-` or `%` character before. */
function isCloudStart(s: string, p: number): boolean {
	if (p === 0) return true;
	const c = s.charCodeAt(p - 1);
	return !(isBase64Char(c) || c === 95 || c === 45 || c === 61 || c === 46 || c === 126 || c === 37);
}

/**
 * `s.replace(CLOUD_SECRET, fn)`, with the sticky pattern tried only at the token starts before each hint: a string
 * without a hint costs one char-code pass, not a search with a look-behind at every position.
 */
export function replaceCloudCandidates(s: string, fn: (m: RegExpExecArray) => string): string {
	return replaceAtStarts(s, CLOUD_SECRET_AT, nextCloudHint, cloudFloor, isCloudStart, fn);
}

/** Replaces every bare cloud credential in `s` with `marker()`. Returns `s` itself when unchanged. */
export function redactCloudSecrets(s: string, marker: () => string): string {
	return replaceCloudCandidates(s, (m) => (isCloudSecret(m[0]) ? marker() : m[0]));
}
