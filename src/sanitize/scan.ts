/**
 * The one char-code scan of a string before any pass runs: it collects the cheap facts (digit runs, longest
 * token run, punctuation seen) that let each pass be skipped when it cannot match.
 */
import {CHAR_CLASS, C_DIGIT, C_LETTER, C_MARK, C_NUMBER_SEP, C_TOKEN, isDigit} from './chars.js';
import {endsWithAuthScheme} from './auth-scheme.js';
import {isLowerIbanHead} from './iban-countries.js';

/** What {@link scanText} found. One instance is reused; the caller copies the fields before scanning again. */
export class TextFacts {
	colons = 0;
	dots = 0;
	/** `-` characters. */
	dashes = 0;
	at = false;
	pct = false;
	eq = false;
	/** A space, tab or newline. */
	space = false;
	/** ` is`, ` was` or `->`: the prose separators of `KEY_VALUE`. */
	prose = false;
	/** The longest run of token characters (letters, digits, `_`, `-`, non-ASCII). */
	maxRun = 0;
	/**
	 * The longest run of letters, digits, `+`, `/`, `_` and non-ASCII characters: at least the longest run of
	 * base64 characters (`A-Za-z0-9+/`), which a bare cloud key (`CLOUD_SECRET`) needs 40 of.
	 */
	maxBase64Run = 0;
	/** A `~`: an Entra client secret holds `Q~`. */
	tilde = false;
	/** An auth scheme's name before a space or tab (`Bearer `, `basic\t`): the prefilter of `AUTH_SCHEME`. */
	authScheme = false;
	/** A character outside ASCII. */
	nonAscii = false;
	/** An ASCII digit. */
	digit = false;
	/** First digit of the first `NUMBER_RUN` candidate window (7 digits), or -1; `numTo` ends the last one. */
	numFrom = -1;
	numTo = 0;
	/** Four digit groups joined by single dots: an `IPV4` candidate. */
	quadCand = false;
	/** Two capitals and two digits: an `IBAN` head. */
	ibanCand = false;
	/**
	 * Two letters of a registered IBAN country, one of them lower case, and two digits, at a word start: an
	 * `IBAN_WRITTEN` head that `IBAN` cannot match (`de89 3704 …`).
	 */
	ibanLower = false;
	/** Two capitals, an optional space and two digits: an `IBAN` head or a UK National Insurance number's. */
	capsDigits = false;
	/** Seven digits in a row: a Spanish DNI or NIE (`NATIONAL_ID`) needs them. */
	digits7 = false;
	/** A `/` or `\\`. */
	slash = false;
	/** A `/` right after a digit or after `digit space`: the German national phone form (`030/…`). */
	digitSlash = false;
	/** A `/` or `\\` before `h`, `U` or `u`: a home directory may start there. */
	slashHome = false;
	/** One of `( [ { <` right before an `a` (one space allowed): an obfuscated `(at)` may start there. */
	bracketAt = false;
	/** `"@`: a quoted local part may end there. */
	quotedAt = false;
	/** `"` or `'` right after a space or tab: a quoted value may follow a key there (`password "x y"`). */
	quoteAfterSpace = false;
	/** A `:` after `e`, `E` or `2` (one space allowed): a `Cookie:` header name may end there. */
	colonAfterE = false;
	/** A `-` after a space or tab: a command-line flag. */
	flagDash = false;
	/** `://`: a URL's scheme may end there. */
	scheme = false;
	/** ` dot `, ` DOT ` or ` Dot `: the word every spelled-out address (`EMAIL_SPELLED`) holds. */
	spelledDot = false;
}

/**
 * The hex runs of a string, scanned only when a pass asks ({@link scanHexRuns}): few strings reach a pass that
 * needs them, so the scan every string gets does not track them.
 */
export class HexFacts {
	/** A run of 4+ hex digits. */
	hex4 = false;
	/** Start of the first 32+ hex run, or -1; `hexTo` ends the last one. */
	hexFrom = -1;
	hexTo = 0;
}

/** Finds the runs of hex digits (`0-9a-fA-F`) in `s`: whether one has 4+, and the bounds of those with 32+. */
export function scanHexRuns(s: string, f: HexFacts): HexFacts {
	let hex4 = false;
	let hexFrom = -1;
	let hexTo = 0;
	let run = 0;
	const n = s.length;
	for (let i = 0; i <= n; i++) {
		const c = i < n ? s.charCodeAt(i) : 0;
		if ((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102)) {
			run++;
			continue;
		}
		if (run >= 4) {
			hex4 = true;
			if (run >= 32) {
				if (hexFrom === -1) hexFrom = i - run;
				hexTo = i;
			}
		}
		run = 0;
	}
	f.hex4 = hex4;
	f.hexFrom = hexFrom;
	f.hexTo = hexTo;
	return f;
}

/** Scans `s` once and writes what it found into `f`. */
export function scanText(s: string, f: TextFacts): void {
	const n = s.length;
	let colons = 0;
	let dots = 0;
	let dashes = 0;
	let at = false;
	let space = false;
	let prose = false;
	let run = 0;
	let maxRun = 0;
	// The base64 run: token characters and `+ /`, not `-` (`_` and non-ASCII come with letters: still a bound).
	let b64 = 0;
	let maxB64 = 0;
	// Number runs (NUMBER_RUN): digits separated by at most two of ` ().-`; a candidate needs 7 digits.
	let numDigits = 0;
	let numGap = 0;
	let numStart = 0;
	let numFrom = -1;
	let numTo = 0;
	// Dotted quads (IPV4): digit groups joined by single dots; a candidate needs four groups.
	let quadGroups = 0;
	let quadDot = false;
	let quadCand = false;
	let ibanCand = false;
	let capsDigits = false;
	let digitRun = 0;
	let digits7 = false;
	let prevDigit = false;
	let flags = 0;
	for (let i = 0; i < n; i++) {
		const c = s.charCodeAt(i);
		const t = c < 128 ? (CHAR_CLASS[c] as number) : C_TOKEN | C_LETTER;
		if ((t & C_LETTER) !== 0) {
			// A run of letters (most of any text) in a tight loop: each letter ends a number run and a dotted
			// quad and extends the token run, so those are settled once per run.
			numDigits = 0;
			quadGroups = 0;
			quadDot = false;
			prevDigit = false;
			if (c >= 128) flags |= F_NON_ASCII;
			let j = i;
			for (;;) {
				if (++j === n) break;
				// Arithmetic instead of the table: `(d | 32) - 97` is 0–25 for an ASCII letter.
				const d = s.charCodeAt(j);
				const l = (d | 32) - 97;
				if ((l >= 0 && l < 26) || d === 95) continue;
				if (d < 128) break;
				flags |= F_NON_ASCII;
			}
			run += j - i;
			b64 += j - i;
			i = j - 1;
			continue;
		}
		if ((t & C_DIGIT) !== 0) {
			if (numGap > 2 || numDigits === 0) {
				numDigits = 0;
				numStart = i;
			}
			numGap = 0;
			if (++numDigits >= 7) {
				if (numFrom === -1) numFrom = numStart;
				numTo = i + 1;
			}
			if (quadDot) {
				quadDot = false;
				if (++quadGroups >= 3) quadCand = true;
			}
			if (prevDigit) {
				if (++digitRun >= 7) digits7 = true;
				if (i >= 3 && isCapsBefore(s, i - 2)) {
					capsDigits = true;
					if (s.charCodeAt(i - 2) !== 32) ibanCand = true;
				} else if (digitRun === 2 && i >= 3 && isLowerIbanHead(s, i - 3, 0)) flags |= F_IBAN_LOWER;
			} else digitRun = 1;
			run++;
			b64++;
			prevDigit = true;
			continue;
		}
		if ((t & C_NUMBER_SEP) === 0) numDigits = 0;
		else if (numDigits > 0) numGap++;
		if (c === 46 && prevDigit) {
			quadDot = true;
		} else {
			quadGroups = 0;
			quadDot = false;
		}
		prevDigit = false;
		if ((t & C_TOKEN) !== 0) {
			run++;
			if (b64 > maxB64) maxB64 = b64;
			b64 = 0;
			if (c === 45) {
				dashes++;
				if (i > 0 && (s.charCodeAt(i - 1) === 32 || s.charCodeAt(i - 1) === 9)) flags |= F_FLAG_DASH;
			}
			continue;
		}
		if (run > maxRun) maxRun = run;
		run = 0;
		if (c === 47 || c === 43) b64++;
		else {
			if (b64 > maxB64) maxB64 = b64;
			b64 = 0;
			if (c === 126) flags |= F_TILDE;
		}
		if ((t & C_MARK) !== 0) {
			if (c === 32) {
				space = true;
				if (isProseAfterSpace(s, i)) prose = true;
				else if (isSpelledDotAfterSpace(s, i)) flags |= F_SPELLED_DOT;
				if (endsWithAuthScheme(s, i)) flags |= F_AUTH_SCHEME;
			} else if (c === 58) {
				colons++;
				flags |= punctuationFlags(s, i, c);
			} else if (c === 46) dots++;
			else if (c === 64) {
				at = true;
				flags |= punctuationFlags(s, i, c);
			} else if (c === 37) flags |= F_PCT;
			else if (c === 61) flags |= F_EQ;
			else if (c === 62) {
				if (i > 0 && s.charCodeAt(i - 1) === 45) prose = true;
			} else if (c === 9 || c === 10) {
				space = true;
				if (c === 9 && endsWithAuthScheme(s, i)) flags |= F_AUTH_SCHEME;
			} else flags |= punctuationFlags(s, i, c); // / \ ( [ { < " '
		}
	}
	if (run > maxRun) maxRun = run;
	if (b64 > maxB64) maxB64 = b64;
	f.maxBase64Run = maxB64;
	f.colons = colons;
	f.dots = dots;
	f.dashes = dashes;
	f.at = at;
	f.space = space;
	f.prose = prose;
	f.maxRun = maxRun;
	f.numFrom = numFrom;
	f.numTo = numTo;
	f.quadCand = quadCand;
	f.ibanCand = ibanCand;
	f.capsDigits = capsDigits;
	f.digits7 = digits7;
	// `digitRun` is 0 until the first digit, and never 0 again after it.
	writeFlags(f, digitRun > 0 ? flags | F_DIGIT : flags);
}

/** ` is` or ` was` at the space at `i`. */
function isProseAfterSpace(s: string, i: number): boolean {
	const d = s.charCodeAt(i + 1);
	return (
		(d === 105 && s.charCodeAt(i + 2) === 115) ||
		(d === 119 && s.charCodeAt(i + 2) === 97 && s.charCodeAt(i + 3) === 115)
	);
}

/** ` dot `, ` DOT ` or ` Dot ` at the space at `i`. */
function isSpelledDotAfterSpace(s: string, i: number): boolean {
	const d = s.charCodeAt(i + 1);
	if (d !== 100 && d !== 68) return false;
	return s.startsWith(d === 100 ? 'dot ' : 'DOT ', i + 1) || (d === 68 && s.startsWith('Dot ', i + 1));
}

/**
 * Two capitals ending at `j`, or two capitals and a space ending there (the `AB 12` of a National Insurance
 * number): `j` is the character right before the last digit pair's first digit.
 */
function isCapsBefore(s: string, j: number): boolean {
	if (s.charCodeAt(j) === 32) j--;
	if (j < 1) return false;
	const a = s.charCodeAt(j);
	const b = s.charCodeAt(j - 1);
	return a >= 65 && a <= 90 && b >= 65 && b <= 90;
}

/** Writes the family flags (F_* bits of `punctuationFlags`, the dash rule and the lower-case IBAN head) into `f`. */
function writeFlags(f: TextFacts, flags: number): void {
	f.slash = (flags & F_SLASH) !== 0;
	f.digitSlash = (flags & F_DIGIT_SLASH) !== 0;
	f.slashHome = (flags & F_SLASH_HOME) !== 0;
	f.bracketAt = (flags & F_BRACKET_AT) !== 0;
	f.quotedAt = (flags & F_QUOTED_AT) !== 0;
	f.quoteAfterSpace = (flags & F_QUOTE_AFTER_SPACE) !== 0;
	f.colonAfterE = (flags & F_COLON_AFTER_E) !== 0;
	f.flagDash = (flags & F_FLAG_DASH) !== 0;
	f.scheme = (flags & F_SCHEME) !== 0;
	f.spelledDot = (flags & F_SPELLED_DOT) !== 0;
	f.ibanLower = (flags & F_IBAN_LOWER) !== 0;
	f.tilde = (flags & F_TILDE) !== 0;
	f.authScheme = (flags & F_AUTH_SCHEME) !== 0;
	f.nonAscii = (flags & F_NON_ASCII) !== 0;
	f.pct = (flags & F_PCT) !== 0;
	f.eq = (flags & F_EQ) !== 0;
	f.digit = (flags & F_DIGIT) !== 0;
}

const F_SLASH = 1;
const F_DIGIT_SLASH = 2;
const F_SLASH_HOME = 4;
const F_BRACKET_AT = 8;
const F_QUOTED_AT = 16;
const F_COLON_AFTER_E = 32;
const F_FLAG_DASH = 64;
const F_SCHEME = 128;
const F_SPELLED_DOT = 256;
const F_IBAN_LOWER = 512;
const F_TILDE = 1024;
const F_NON_ASCII = 2048;
const F_PCT = 4096;
const F_EQ = 8192;
const F_AUTH_SCHEME = 16384;
const F_QUOTE_AFTER_SPACE = 32768;
const F_DIGIT = 65536;

/** The family flags of the punctuation at `i` (`c` is one of `: @ / \ ( [ { < " '`), from its neighbours. */
function punctuationFlags(s: string, i: number, c: number): number {
	if (c === 58) {
		// `Cookie:` / `Set-Cookie :` / `Cookie2:`.
		const p = s.charCodeAt(i - 1) === 32 ? s.charCodeAt(i - 2) : s.charCodeAt(i - 1);
		const scheme = s.charCodeAt(i + 1) === 47 && s.charCodeAt(i + 2) === 47 ? F_SCHEME : 0;
		return p === 101 || p === 69 || p === 50 ? F_COLON_AFTER_E | scheme : scheme;
	}
	if (c === 64) return i > 0 && s.charCodeAt(i - 1) === 34 ? F_QUOTED_AT : 0;
	if (c === 47 || c === 92) {
		let flags = F_SLASH;
		const d = s.charCodeAt(i + 1);
		if (d === 104 || d === 85 || d === 117) flags |= F_SLASH_HOME;
		const p = s.charCodeAt(i - 1);
		if (c === 47 && (isDigit(p) || (p === 32 && isDigit(s.charCodeAt(i - 2))))) flags |= F_DIGIT_SLASH;
		return flags;
	}
	// `password "x y"`: a quote right after a space or tab.
	if (c === 34 || c === 39) {
		const p = s.charCodeAt(i - 1);
		return p === 32 || p === 9 ? F_QUOTE_AFTER_SPACE : 0;
	}
	// `(at)`, `[ at ]`: a bracket right before an `a`.
	const d = s.charCodeAt(i + 1) === 32 ? s.charCodeAt(i + 2) : s.charCodeAt(i + 1);
	return d === 97 || d === 65 ? F_BRACKET_AT : 0;
}
