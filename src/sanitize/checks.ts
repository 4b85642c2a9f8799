/**
 * The checks that turn pattern candidates into decisions: Luhn, mod-97, IP ranges, phone shapes, entropy.
 * Plain loops over char codes; no regexes except the shared ones from `patterns.ts`.
 */
import {
	ACCESS_LOG_REQUEST_END,
	CAPITALISED_WORD,
	COMPACT_DATE,
	DATE_SHAPE,
	ID_CONTEXT,
	NUMBER_GROUP_SEPARATORS,
	PHONE_CONTEXT,
	PHONE_CONTEXT_FAR,
	SSN_CONTEXT,
} from './patterns.js';
import {digitCount, isDigit, isNumberSeparator} from './chars.js';
import {ibanLength} from './iban-countries.js';
import {isFrenchNir} from './national-ids.js';
import {isIddPrefixed, isShortInternational, isTrunkDotted, trunkInBrackets} from './national-phones.js';
import {isGs1, isProductCode} from './product-codes.js';
import {isDhlWaybill, isUpsTracking, isZipPlus4} from './shipment-numbers.js';

/** Luhn checksum over a string of digits. */
export function luhn(digits: string): boolean {
	let sum = 0;
	let double = false;
	for (let i = digits.length - 1; i >= 0; i--) {
		let d = digits.charCodeAt(i) - 48;
		if (double) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
		double = !double;
	}
	return sum % 10 === 0;
}

/** Issuer prefix and length of Visa, Mastercard (51–55, 2221–2720), Amex, Discover, Diners, JCB, UnionPay, Maestro. */
export function isCardShape(digits: string): boolean {
	const n = digits.length;
	if (n < 13 || n > 19) return false;
	const c0 = digits.charCodeAt(0) - 48;
	const two = Number(digits.slice(0, 2));
	const four = Number(digits.slice(0, 4));
	switch (c0) {
		case 4: {
			return n === 13 || n === 16 || n === 19;
		}
		case 5: {
			return (two >= 51 && two <= 55 && n === 16) || two === 50 || two >= 56; // Mastercard, Maestro
		}
		case 2: {
			return four >= 2221 && four <= 2720 && n === 16;
		}
		case 3: {
			if (two === 34 || two === 37) return n === 15;
			if (two === 36 || two === 38 || two === 39 || (two === 30 && four < 3060)) return n >= 14 && n <= 19;
			if (two === 35) return n >= 16;
			return false;
		}
		case 6: {
			return n >= 16;
		}
		default: {
			return false;
		}
	}
}

/** A card number: 13–19 digits with a known issuer prefix and a valid Luhn checksum. */
export function isCard(digits: string): boolean {
	return isCardShape(digits) && luhn(digits);
}

/** IBAN mod-97 check (ISO 13616); spaces are ignored, letters are case-insensitive. */
export function isValidIban(candidate: string): boolean {
	const s = candidate.replaceAll(' ', '').toUpperCase();
	if (s.length < 15 || s.length > 34) return false;
	const rearranged = s.slice(4) + s.slice(0, 4);
	let rem = 0;
	for (let i = 0; i < rearranged.length; i++) {
		const c = rearranged.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			rem = (rem * 10 + (c - 48)) % 97;
		} else if (c >= 65 && c <= 90) {
			rem = (rem * 100 + (c - 55)) % 97;
		} else {
			return false;
		}
	}
	return rem === 1;
}

/**
 * Where the IBAN of an `IBAN_WRITTEN` candidate (`de89 3704 0044 0532 0130 00`, `DE89-3704-…`) ends, or -1 when it
 * holds none: a country of the SWIFT registry or of the national IBANs (`iban-countries.ts`), that country's length
 * in letters and digits (spaces and dashes aside), ending at the candidate's end or before a space or dash, and
 * the mod-97 check. The candidate may run on into the words after the IBAN (`es33 0370 … 2319 okay`: `okay` reads
 * as one more group). Lower-case words and codes of this shape (`de12-3456-7890`, order ids) fail one of the
 * checks.
 */
export function writtenIbanEnd(candidate: string): number {
	const length = ibanLength(candidate.charCodeAt(0), candidate.charCodeAt(1));
	if (length === 0) return -1;
	let compact = '';
	let end = 0;
	for (; end < candidate.length && compact.length < length; end++) {
		const c = candidate.charCodeAt(end);
		if (c !== 32 && c !== 45) compact += candidate.charAt(end);
	}
	if (compact.length < length) return -1;
	const next = candidate.charCodeAt(end);
	if (end < candidate.length && next !== 32 && next !== 45) return -1;
	return isValidIban(compact) ? end : -1;
}

function isDottedDigits(s: string): boolean {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (!((c >= 48 && c <= 57) || c === 46)) return false;
	}
	return true;
}

/** A public IPv4 address: not private, loopback, link-local, CGNAT, unspecified, multicast or reserved. */
export function isPublicIpv4(ip: string): boolean {
	// The first two octets, read in place; anything but digit groups (a bracketed URL host) is read by `Number`.
	let i = 0;
	let a = 0;
	let b = 0;
	for (; i < ip.length && ip.charCodeAt(i) !== 46; i++) a = a * 10 + ip.charCodeAt(i) - 48;
	for (i++; i < ip.length && ip.charCodeAt(i) !== 46; i++) b = b * 10 + ip.charCodeAt(i) - 48;
	if (!isDottedDigits(ip)) {
		const parts = ip.split('.');
		a = Number(parts[0]);
		b = Number(parts[1]);
	}
	if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
	if (a === 172 && b >= 16 && b <= 31) return false;
	if (a === 192 && b === 168) return false;
	if (a === 169 && b === 254) return false;
	if (a === 100 && b >= 64 && b <= 127) return false;
	return true;
}

/** A syntactically valid IPv6 address that is public (not `::`, `::1`, link-local, unique-local, mapped private). */
export function isPublicIpv6(candidate: string): boolean {
	let s = candidate.toLowerCase();
	let v4Tail: string | undefined;
	const lastColon = s.lastIndexOf(':');
	if (s.includes('.', lastColon)) {
		v4Tail = s.slice(lastColon + 1);
		s = `${s.slice(0, lastColon + 1)}0:0`;
	}
	const dbl = s.indexOf('::');
	if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return false;
	const groups = s.split(':');
	let count = 0;
	for (let i = 0; i < groups.length; i++) {
		const g = groups[i] ?? '';
		if (g.length > 4) return false;
		if (g.length === 0) {
			// Empty groups are only allowed as part of the one `::`.
			const atDouble =
				dbl !== -1 && (i === groups.indexOf('') || groups[i - 1] === '' || i === groups.length - 1);
			if (!atDouble) return false;
			continue;
		}
		count++;
	}
	if (dbl === -1 ? count !== 8 : count > 7) return false;
	if (count < 2 && dbl !== -1 && v4Tail === undefined) return false; // `::`, `::1`, `a::`
	if (v4Tail !== undefined) return isPublicIpv4(v4Tail);
	const first = parseInt(groups[0] === '' ? '0' : (groups[0] ?? '0'), 16);
	if (first === 0) return false; // ::/8 family (unspecified, loopback, compat)
	if ((first & 0xffc0) === 0xfe80) return false; // link-local
	if ((first & 0xfe00) === 0xfc00) return false; // unique-local
	if ((first & 0xff00) === 0xff00) return false; // multicast
	return true;
}

/**
 * The most digits a run {@link classifyNumber} classifies can hold: a card's 19 (a phone has at most 17 with an
 * international prefix). Longer runs are tracking and account numbers, never a class.
 */
export const MAX_CLASSIFIED_DIGITS = 19;

/** What a digit run turned out to be. */
export type NumberClass = 'card' | 'phone' | 'ssn' | undefined;

function digitsOf(run: string): string {
	let i = 0;
	while (i < run.length && run.charCodeAt(i) >= 48 && run.charCodeAt(i) <= 57) i++;
	// A bare run is its own digits: no copy.
	if (i === run.length) return run;
	let out = run.slice(0, i);
	for (; i < run.length; i++) {
		const c = run.charCodeAt(i);
		if (c >= 48 && c <= 57) out += run[i];
	}
	return out;
}

/**
 * Decides what a {@link NUMBER_RUN} candidate is. `before` is up to 32 characters of text preceding the run,
 * used only for unformatted and ambiguous numbers.
 */
export function classifyNumber(run: string, before: string): NumberClass {
	const n = digitCount(run);
	if (n > MAX_CLASSIFIED_DIGITS) return undefined;
	const plus = run.charCodeAt(0) === 43 || run.startsWith('(+');
	// `+98 9602`, `+683 7522`: the regions whose numbers are that short, with their country code.
	if (n < 7) return plus && isShortInternational(digitsOf(run)) ? 'phone' : undefined;
	const hasSep = n !== run.length;
	// The digit string is built only for the checks that read digits by position (most separated runs need none).
	const digits = !hasSep ? run : n >= 13 || n === 9 ? digitsOf(run) : undefined;
	// Cards first: a Luhn-valid issuer-shaped number is a card whatever the grouping; but 13 bare digits with a
	// GS1 check digit are an EAN-13 (13-digit Visa numbers are no longer issued). A `+` is a phone's: a card
	// only when the number is no phone (one in ten phone numbers passes Luhn; `+49 151 12345678` does).
	const card = digits !== undefined && n >= 13 && isCard(digits) && !(n === 13 && !hasSep && isGs1(digits));
	if (card && !plus) return 'card';
	// SSN: 3-2-4 with dashes or spaces; or any 9 digits after "SSN", "social security", "SIN", "ITIN"….
	if (n === 9 && (isSsnShape(run, digits ?? run) || SSN_CONTEXT().test(before))) return 'ssn';
	// The `(0)` of `+49 (0)30 …` is not dialled: it does not count towards E.164's 15 digits.
	if (plus)
		return (n >= 8 && n - trunkInBrackets(run) <= 15) ||
			(n === 7 && isShortInternational(digits ?? digitsOf(run)))
			? 'phone'
			: card
				? 'card'
				: undefined;
	// `00` + country code: the international prefix typed instead of `+` (`0086 131 2345 2989`, `00 44 20 …`), also
	// before the short numbers of small regions (`00683 7522`).
	if (hasSep && isIddPrefixed(run))
		return (n >= 10 && n <= 17) || ((n === 8 || n === 9) && isShortInternational(digitsOf(run).slice(2)))
			? 'phone'
			: undefined;
	// A French NIR (15 digits) by its key.
	if (n === 15 && digits !== undefined && isFrenchNir(digits)) return 'ssn';
	// Glued to its `00` (`00442079460958`): up to E.164's 15 digits after it, unless an id word is right before.
	if (n > 13) return !hasSep && n <= 17 && isIddPrefixed(run) && !idWordWins(before) ? 'phone' : undefined;
	if (!hasSep) return !isDateOrTime(run) && bareIsPhone(run, before) ? 'phone' : undefined;
	// `"GET /x HTTP/1.1" 200 2326`: an access log's status and response size.
	if (isStatusAndSize(run) && ACCESS_LOG_REQUEST_END.test(before)) return undefined;
	// An id word right before the run wins over a phone word further back (`contact us about order 1234-567`).
	if (ID_CONTEXT.test(before) && !PHONE_CONTEXT().test(before.slice(-24))) return undefined;
	if (isDateRun(run)) return undefined;
	if (separatedIsPhone(run, n)) return 'phone';
	// After a phone word, any grouping of 7-13 digits is the number (`mobile 6113.4275`, `tel. 9-518-0144`).
	return phoneContext(before) ? 'phone' : undefined;
}

/** An id word right before the run and no phone word (`Me liga no` is Portuguese for `call me on`). */
function idWordWins(before: string): boolean {
	return ID_CONTEXT.test(before) && !PHONE_CONTEXT().test(before.slice(-24));
}

/** `200 2326`: an HTTP status (100–599), one space, then digits only. */
function isStatusAndSize(run: string): boolean {
	const c0 = run.charCodeAt(0);
	if (run.length < 5 || c0 < 49 || c0 > 53 || run.charCodeAt(3) !== 32) return false;
	for (let i = 1; i < run.length; i++) if (i !== 3 && !isDigit(run.charCodeAt(i))) return false;
	return true;
}

/**
 * Whether the text before a run reads as a phone context: a phone word at most two short words away, or at most
 * three away with no identifier word (`order`, `ref`, `#`) right before the run.
 */
function phoneContext(before: string): boolean {
	if (PHONE_CONTEXT().test(before.slice(-24))) return true;
	return !ID_CONTEXT.test(before) && PHONE_CONTEXT_FAR().test(before);
}

/**
 * A compact date (`20240925`) or a Unix time in seconds or milliseconds from mid-2014 to 2026 (`1718000000`,
 * `1718000000123`). The range leaves out `1300…` and `1800…`, Australia's ten-digit local-rate and toll-free numbers.
 */
function isDateOrTime(digits: string): boolean {
	const n = digits.length;
	if (n === 8) return COMPACT_DATE.test(digits);
	if (n !== 10 && n !== 13) return false;
	const head = Number(digits.slice(0, 2));
	return head >= 14 && head <= 17;
}

/** A run that starts with a calendar date ({@link DATE_SHAPE}: month 1–12, day 1–31, either order for year-last). */
export function isDateRun(run: string): boolean {
	const m = DATE_SHAPE.exec(run);
	if (!m) return false;
	if (m[1] !== undefined) return isMonthDay(Number(m[2]), Number(m[3]));
	const a = Number(m[4] ?? m[7]);
	const b = Number(m[5] ?? m[8]);
	return isMonthDay(b, a) || isMonthDay(a, b);
}

const isMonthDay = (month: number, day: number): boolean =>
	month >= 1 && month <= 12 && day >= 1 && day <= 31;

/** 3-2-4 with a dash or a space, and a valid area, group and serial. */
function isSsnShape(run: string, digits: string): boolean {
	const area = Number(digits.slice(0, 3));
	if (area === 0 || area === 666 || area >= 900) return false;
	if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
	if (run.length !== 11) return false;
	const s1 = run[3];
	return (s1 === '-' || s1 === ' ') && s1 === run[6];
}

function bareIsPhone(digits: string, before: string): boolean {
	// phoneContext, unrolled so that ID_CONTEXT runs once.
	if (PHONE_CONTEXT().test(before.slice(-24))) return digits.length >= 7 && digits.length <= 13;
	if (ID_CONTEXT.test(before)) return false;
	if (PHONE_CONTEXT_FAR().test(before)) return digits.length >= 7 && digits.length <= 13;
	const n = digits.length;
	const c0 = digits.charCodeAt(0);
	// 00-prefixed international numbers; a product code's check digit (UPC-A, EAN-13) says it is none.
	if (c0 === 48 && digits.charCodeAt(1) === 48) return n >= 10 && !isProductCode(digits);
	// NANP: [2-9]XX [2-9]XX XXXX, optionally a leading 1.
	const nanp = (d: string): boolean => d.length === 10 && d.charCodeAt(0) >= 50 && d.charCodeAt(3) >= 50;
	if (n === 10 && nanp(digits)) return !isDhlWaybill(digits);
	if (n === 11 && c0 === 49 && nanp(digits.slice(1))) return true;
	// National trunk prefix 0 (UK 07…/01…/02…, DE 0…, FR 0[1-9] + 8, IN 0 + 10, BR 0 + 10/11), unless its check
	// digit makes it an ISBN-10 or a UPC-A (a phone word before it was read above and wins).
	if (c0 === 48 && n >= 10 && n <= 12) return !isProductCode(digits);
	return false;
}

/** The lengths of the digit groups of a number run (split on ` ( ) . -`), reused between calls. */
const groupLens: number[] = [];

/** Fills {@link groupLens} with the lengths of the non-empty groups of `run`; returns the first group's start. */
function splitGroups(run: string): number {
	groupLens.length = 0;
	let first = -1;
	let len = 0;
	for (let i = 0; i <= run.length; i++) {
		if (i < run.length && !isNumberSeparator(run.charCodeAt(i))) {
			if (first === -1) first = i;
			len++;
		} else if (len > 0) {
			groupLens.push(len);
			len = 0;
		}
	}
	return first;
}

function separatedIsPhone(run: string, n: number): boolean {
	if (n < 7) return false;
	const firstAt = splitGroups(run);
	const groups = groupLens.length;
	if (groups < 2 || isZipPlus4(run)) return false;
	const first = groupLens[0] ?? 0;
	const dots = run.includes('.');
	if (dots) {
		// Dots are phone separators only in the US 3.3.4 and the French 2.2.2.2.2 shapes; everything else
		// dotted is a version, an IP or a decimal.
		const lens = groupLens.join('.');
		if (lens === '3.3.4' || lens === '2.2.2.2.2' || lens === '1.3.3.4') return true;
		return isTrunkDotted(
			run,
			run.split(NUMBER_GROUP_SEPARATORS).filter((g) => g.length > 0),
			n,
		);
	}
	let ones = 0;
	let fours = 0;
	let threesAfterFirst = 0;
	for (let i = 0; i < groups; i++) {
		const len = groupLens[i] ?? 0;
		if (len === 1) ones++;
		if (len > 8) return false;
		if (len === 4) fours++;
		if (i > 0 && len === 3) threesAfterFirst++;
	}
	// A trunk-0 national number split once (`077262 25050`) is a phone as it would be unsplit; other long first
	// groups are order or account numbers.
	if (first > 5 && !(groups === 2 && run.startsWith('0') && n >= 10 && n <= 12)) return false;
	// `2024-117`, `9931 404`: a 4-3 split of seven digits is a year-sequence or an id and a status, not a phone;
	// dashed, also with a leading 0 (the Portuguese postal code `0329-249`).
	if (n === 7 && groups === 2 && first === 4 && (!run.startsWith('0') || run.includes('-'))) return false;
	// Blocks of four (`1234 5698 7654`) are card/IBAN/account fragments unless they start with a trunk 0.
	if (fours === groups && !run.startsWith('0') && !run.startsWith('(')) return false;
	// A single-digit group is allowed only as a leading `1` or `0` (a country or trunk prefix).
	const c0 = run.charCodeAt(firstAt);
	if (ones > 1 || (ones === 1 && !(first === 1 && (c0 === 49 || c0 === 48)))) return false;
	if ((groupLens[groups - 1] ?? 0) < 2) return false;
	// Thousands grouping (`1 299 000`, `12-345-678`): first group ≤ 3, all others exactly 3.
	if (threesAfterFirst === groups - 1 && first <= 3 && !run.includes('(') && !run.startsWith('0'))
		return false;
	// Digit ranges and scores (`10-20`) have two short groups; a phone has 7+ digits, checked above.
	return n <= 13;
}

/** A Bearer/Basic credential body: 8+ chars and a digit, `=`, `/`, `+` or mixed case — not an English word. */
export function looksLikeCredential(token: string): boolean {
	let lower = false;
	let upper = false;
	for (let i = 0; i < token.length; i++) {
		const c = token.charCodeAt(i);
		if ((c >= 48 && c <= 57) || c === 61 || c === 43 || c === 47) return true;
		if (c >= 97 && c <= 122) lower = true;
		else if (c >= 65 && c <= 90) upper = true;
	}
	return lower && upper && token.length >= 12 && !CAPITALISED_WORD.test(token);
}

/** A value shorter than this is never a token ({@link isHighEntropy}). */
export const TOKEN_MIN_LENGTH = 16;

/**
 * A value that looks like a random token: 16+ chars of token alphabet (`A-Za-z0-9` and `-_.+/=~`) in which some
 * segment (split on those punctuation marks) of 8+ chars mixes letters and digits, and the letters are mixed
 * case or the segment is 16+ long. Keeps words, dates, versions, routes (`/api/v1/users/42`), model names
 * (`claude-3-5-sonnet-20241022`), UA fragments and numbers.
 */
export function isHighEntropy(value: string): boolean {
	const n = value.length;
	if (n < TOKEN_MIN_LENGTH || n > 4096 || isUpsTracking(value)) return false;
	let segStart = 0;
	let letters = 0;
	let digits = 0;
	let lower = 0;
	let upper = 0;
	let nonHex = 0;
	for (let i = 0; i <= n; i++) {
		const c = i < n ? value.charCodeAt(i) : 45;
		if ((c >= 103 && c <= 122) || (c >= 71 && c <= 90)) nonHex++;
		if (c >= 48 && c <= 57) digits++;
		else if (c >= 97 && c <= 122) {
			letters++;
			lower++;
		} else if (c >= 65 && c <= 90) {
			letters++;
			upper++;
		} else if (c === 45 || c === 95 || c === 46 || c === 43 || c === 47 || c === 61 || c === 126) {
			const len = i - segStart;
			// Pure hex is a hash, span or trace id: short ones are kept, 32+ belong to the HEX class.
			if (
				len >= 8 &&
				letters > 0 &&
				digits > 0 &&
				nonHex > 0 &&
				((lower > 0 && upper > 0) || len >= 16) &&
				digits < len - 1
			) {
				// Mixed letters and digits in one 8+ run; still reject timestamps like 20240315T101500Z (two letters
				// in sixteen characters: a random token of that length has more).
				if (letters * 4 >= len || (len >= 16 && letters > 2)) return true;
			}
			segStart = i + 1;
			letters = 0;
			digits = 0;
			lower = 0;
			upper = 0;
			nonHex = 0;
		} else {
			return false;
		}
	}
	return false;
}
