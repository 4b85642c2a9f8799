/**
 * Cloud credentials without a vendor prefix, bare in text: Azure storage account keys, AWS secret access keys,
 * Discord bot tokens and Entra (Azure AD) client secrets ({@link CLOUD_SECRET}). The pattern finds their shapes;
 * the checks here tell a random key from a path or a run of words of the same length.
 */
import {CLOUD_SECRET} from './patterns.js';

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

/** Whether a {@link CLOUD_SECRET} candidate is a credential. */
export function isCloudSecret(m: string): boolean {
	const dot = m.indexOf('.');
	const q = m.indexOf('Q~');
	// Entra client secret: `Q~` after three characters and a digit.
	if (q === 4) return looksRandom(m.slice(5));
	// Discord: id.timestamp.hmac.
	if (dot !== -1) return isSnowflakeBase64(m.slice(0, dot));
	return looksRandom(m);
}

/** Replaces every bare cloud credential in `s` with `marker()`. Returns `s` itself when unchanged. */
export function redactCloudSecrets(s: string, marker: () => string): string {
	return s.replace(CLOUD_SECRET, (m: string) => (isCloudSecret(m) ? marker() : m));
}
