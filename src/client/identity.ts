/**
 * What Umami may learn about who a visitor is. By default nothing: no IP leaves the process. Opt-in modes
 * forward the IP (whole or truncated), or replace it with an anonymous id that Umami turns into a session.
 */
import {getBuiltin} from '../config/runtime.js';

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
