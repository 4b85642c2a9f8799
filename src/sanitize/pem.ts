/**
 * PEM blocks in free text. A private key's body is a secret; its armour lines (`-----BEGIN … -----`,
 * `-----END … -----`) are not, and stay so a log still says what was there. Certificates, public keys and the
 * other public PEM types are kept whole: publishing them is their purpose.
 */
import {PEM_LABEL} from './patterns.js';

const BEGIN = '-----BEGIN ';

/** PEM labels whose body is public (RFC 7468 and the common tool-specific ones). */
const PUBLIC_LABELS = new Set([
	'CERTIFICATE',
	'TRUSTED CERTIFICATE',
	'X509 CERTIFICATE',
	'X509 CRL',
	'CERTIFICATE REQUEST',
	'NEW CERTIFICATE REQUEST',
	'PUBLIC KEY',
	'RSA PUBLIC KEY',
	'DSA PUBLIC KEY',
	'EC PUBLIC KEY',
	'SSH2 PUBLIC KEY',
	'PGP PUBLIC KEY BLOCK',
	'PGP SIGNATURE',
	'PKCS7',
	'CMS',
	'EC PARAMETERS',
	'DH PARAMETERS',
]);

/**
 * Replaces the body of every non-public PEM block in `s` with `marker()` (called once per block), keeping the
 * armour lines and the line breaks around the body. A block without an end line loses everything after its
 * begin line. Returns `s` itself when nothing changed.
 */
export function redactPemBodies(s: string, marker: () => string): string {
	let out = '';
	let last = 0;
	let from = 0;
	for (;;) {
		const b = s.indexOf(BEGIN, from);
		if (b === -1) break;
		PEM_LABEL.lastIndex = b + BEGIN.length;
		const m = PEM_LABEL.exec(s);
		if (m === null) {
			from = b + BEGIN.length;
			continue;
		}
		const label = m[1] ?? '';
		const bodyStart = PEM_LABEL.lastIndex;
		// The end line's label is not compared: a mismatched one still ends the block.
		const endLine = s.indexOf('-----END ', bodyStart);
		const close = endLine === -1 ? -1 : s.indexOf('-----', endLine + 9);
		const bodyEnd = endLine === -1 ? s.length : endLine;
		from = close === -1 ? s.length : close + 5;
		if (PUBLIC_LABELS.has(label)) continue;
		// Keep the whitespace (and escaped `\n`) that separates the body from the armour.
		let i = bodyStart;
		let j = bodyEnd;
		while (i < j && isBreak(s, i)) i += s.charCodeAt(i) === 92 ? 2 : 1;
		while (j > i && isBreakBefore(s, j)) j -= s.charCodeAt(j - 2) === 92 && isEscapeLetter(s, j - 1) ? 2 : 1;
		if (j <= i) continue;
		out += s.slice(last, i) + marker();
		last = j;
	}
	return last === 0 ? s : out + s.slice(last);
}

function isEscapeLetter(s: string, i: number): boolean {
	const c = s.charCodeAt(i);
	return c === 110 || c === 114 || c === 116;
}

/** Whitespace, or an escaped `\n`, `\r`, `\t` (a PEM inside a JSON string logged as text). */
function isBreak(s: string, i: number): boolean {
	const c = s.charCodeAt(i);
	return c === 32 || c === 9 || c === 10 || c === 13 || (c === 92 && isEscapeLetter(s, i + 1));
}

function isBreakBefore(s: string, j: number): boolean {
	const c = s.charCodeAt(j - 1);
	if (c === 32 || c === 9 || c === 10 || c === 13) return true;
	return isEscapeLetter(s, j - 1) && s.charCodeAt(j - 2) === 92;
}
