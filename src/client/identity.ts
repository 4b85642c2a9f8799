/**
 * What Umami may learn about who a visitor is. By default nothing: no IP leaves the process. Opt-in modes
 * forward the IP (whole or truncated), replace it with an anonymous id that Umami turns into a session, or
 * forward the coarse location a CDN reported for the request (country, region, city) without any IP.
 */
import {getBuiltin} from '../runtime.js';
import type {UmamiLocation} from '../types.js';
import {COUNTRY_CODE, REGION_INPUT} from '../location-codes.js';
import {CITY_NAME} from '../sanitize/patterns.js';

/** Truncates an IP to its network: /24 for IPv4 (`203.0.113.0`), /48 for IPv6 (`2001:db8:1::`). */
export function truncateIp(ip: string): string | undefined {
	const text = ip.trim();
	const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(text);
	if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0`;
	if (!text.includes(':') || !/^[\da-f:]+$/i.test(text)) return undefined;
	const [head = '', tail] = text.split('::');
	const groups = head === '' ? [] : head.split(':');
	if (tail === undefined && groups.length !== 8) return undefined;
	const expanded = [...groups];
	if (tail !== undefined) {
		const tailGroups = tail === '' ? [] : tail.split(':');
		while (expanded.length + tailGroups.length < 8) expanded.push('0');
		expanded.push(...tailGroups);
	}
	if (expanded.length !== 8) return undefined;
	return `${expanded.slice(0, 3).join(':')}::`;
}

/** A salt of 32 random hex characters that lives only in memory. */
function randomSalt(): string {
	const bytes = new Uint8Array(16);
	globalThis.crypto.getRandomValues(bytes);
	let salt = '';
	for (const byte of bytes) salt += byte.toString(16).padStart(2, '0');
	return salt;
}

/** 2×32-bit keyed FNV-1a with avalanche mixing: used only where the runtime has no `node:crypto`. */
function fallbackHash(key: string, text: string): string {
	let a = 0x81_1c_9d_c5;
	let b = 0x01_00_01_93;
	const input = `${key}\u0000${text}`;
	for (let index = 0; index < input.length; index++) {
		const code = input.charCodeAt(index);
		a = Math.imul(a ^ code, 0x01_00_01_93);
		b = Math.imul(b ^ code, 0x5b_d1_e9_95);
	}
	a = Math.imul(a ^ (a >>> 15), 0x2c_1b_3c_6d) ^ b;
	b = Math.imul(b ^ (b >>> 13), 0x29_7a_2d_39) ^ a;
	return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * Anonymous visitor ids: HMAC-SHA-256 of (client IP, User-Agent, website) under a random salt that is
 * replaced every UTC day and never stored. The same visitor gets the same id for one day; nobody — not
 * Umami, not us after midnight — can turn the id back into an IP. Ids are 32 hex characters (≤ 50).
 */
export function createAnonymousIds(
	now: () => number = Date.now,
): (ip: string, userAgent: string, website: string) => string {
	const crypto = getBuiltin('node:crypto');
	let day = -1;
	let salt = '';
	return (ip, userAgent, website) => {
		const today = Math.floor(now() / 86_400_000);
		if (today !== day) {
			day = today;
			salt = randomSalt();
		}
		const text = `${ip}\u0000${userAgent}\u0000${website}`;
		if (crypto) return crypto.createHmac('sha256', salt).update(text).digest('hex').slice(0, 32);
		return fallbackHash(salt, text) + fallbackHash(text, salt);
	};
}

/** A location as a caller or a CDN header gives it: unvalidated, every field optional. */
export interface LocationInput {
	/** ISO 3166-1 alpha-2 country code, e.g. `DE` (any case). Without a valid country nothing is sent. */
	country?: string | undefined;
	/** ISO 3166-2 subdivision code, e.g. `BY` or `DE-BY`. */
	region?: string | undefined;
	/** City name, e.g. `München`, as text or percent-encoded (Vercel) or as UTF-8 bytes read as Latin-1. */
	city?: string | undefined;
}

/**
 * The request headers each CDN sets, in the order they are tried: the first set whose country header is
 * present wins (Umami itself reads the Cloudflare set, then the Vercel one).
 */
export const LOCATION_HEADERS: readonly (readonly [country: string, region: string, city: string])[] = [
	['cf-ipcountry', 'cf-region-code', 'cf-ipcity'],
	['x-vercel-ip-country', 'x-vercel-ip-country-region', 'x-vercel-ip-city'],
	['cloudfront-viewer-country', 'cloudfront-viewer-country-region', 'cloudfront-viewer-city'],
];

/** The raw location headers of a request (first CDN whose country header is set), or undefined. */
export function locationFromHeaders(header: (name: string) => string | undefined): LocationInput | undefined {
	for (const [country, region, city] of LOCATION_HEADERS) {
		const value = header(country);
		if (value) return {country: value, region: header(region), city: header(city)};
	}
	return undefined;
}

/** Umami's `city` column is `varchar(50)`. */
const MAX_CITY = 50;

/**
 * Header text back to a string: percent-encoding (Vercel) is decoded, and so is UTF-8 that arrived as
 * Latin-1 characters (Node reads raw header bytes as Latin-1; Cloudflare sends city names as raw UTF-8).
 */
function decodeHeaderText(raw: string): string {
	let text = raw;
	let wide = false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code > 0xff) return text;
		if (code >= 0x80) wide = true;
	}
	if (wide) {
		const bytes = new Uint8Array(text.length);
		for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index);
		try {
			text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
		} catch {
			// Not UTF-8: the characters already are the text (a runtime that decoded the header itself).
		}
	}
	if (text.includes('%')) {
		try {
			text = decodeURIComponent(text);
		} catch {
			// A lone `%`: left for the validation to refuse.
		}
	}
	return text;
}

/**
 * Validates a location strictly. Country: two letters (`XX`, Cloudflare's "unknown", counts as none);
 * without a valid country nothing is kept, since Umami reads region and city only beside one. Region:
 * 1–3 letters or digits, optionally prefixed by the same country (`DE-BY` → `BY`). City: decoded, trimmed,
 * ≤ 50 characters of letters, digits, spaces and `' ’ . , ( ) -`, and unchanged by the sanitizer (`text`).
 * Whatever fails is dropped and reported to `note` (field and rule, never the value); nothing throws.
 */
export function cleanLocation(
	input: LocationInput,
	note: (field: string, what: string) => void,
	text: (value: string) => string,
): UmamiLocation | undefined {
	if (typeof input !== 'object' || input === null) return undefined;
	const rawCountry = input.country;
	if (rawCountry === undefined || rawCountry === '') return undefined;
	const country = typeof rawCountry === 'string' ? rawCountry.trim().toUpperCase() : '';
	if (country === 'XX') return undefined;
	if (!COUNTRY_CODE.test(country)) {
		note('location', 'country is not a 2-letter ISO code; location removed');
		return undefined;
	}
	let region: string | undefined;
	const rawRegion = input.region;
	if (rawRegion !== undefined && rawRegion !== '') {
		const match = typeof rawRegion === 'string' ? REGION_INPUT.exec(rawRegion.trim().toUpperCase()) : null;
		if (match && (match[1] === undefined || match[1] === country)) region = match[2];
		else note('location', 'region is not an ISO 3166-2 subdivision code of the country; region removed');
	}
	let city: string | undefined;
	const rawCity = input.city;
	if (rawCity !== undefined && rawCity !== '') {
		const decoded = typeof rawCity === 'string' ? decodeHeaderText(rawCity).trim() : '';
		if (decoded.length > MAX_CITY) note('location', `city longer than ${MAX_CITY} characters; city removed`);
		else if (!CITY_NAME().test(decoded))
			note('location', 'city has characters a city name does not; city removed');
		else if (text(decoded) !== decoded) note('location', 'city contained personal data; city removed');
		else city = decoded;
	}
	const location: {country: string; region?: string; city?: string} = {country};
	if (region !== undefined) location.region = region;
	if (city !== undefined) location.city = city;
	return location;
}
