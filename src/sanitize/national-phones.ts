/**
 * National phone formats the number-run rules did not read: the trunk-prefixed area code before a slash
 * (`030/1234567`), national numbers written with dots after a trunk `0` (`06.616.7250`), the `00`
 * international prefix typed instead of `+`, numbers in the path of messaging links (`wa.me/…`), and the short
 * national numbers some regions have, written with their country code (`+683 7522`, `+47 09728`).
 */
import {digitCount} from './chars.js';
import {MESSAGING_PHONE, NATIONAL_SLASH} from './patterns.js';

/** A run that starts with `00` and a non-zero country code digit, one space or dash allowed between (`00 44 …`). */
export function isIddPrefixed(run: string): boolean {
	if (run.charCodeAt(0) !== 48 || run.charCodeAt(1) !== 48) return false;
	let c = run.charCodeAt(2);
	if (c === 32 || c === 45) c = run.charCodeAt(3);
	return c >= 49 && c <= 57;
}

/**
 * A dotted run that is a national number: a trunk `0` first, 8–12 digits, no group longer than 8. Versions
 * (`0.9.1`) have too few digits; public dotted quads were taken by the IP pass before.
 */
export function isTrunkDotted(run: string, groups: readonly string[], digits: number): boolean {
	if (run.charCodeAt(0) !== 48 || digits < 8 || digits > 12) return false;
	return !groups.some((g) => g.length > 8);
}

/** Replaces `030/1234567`-style national numbers in `s` with `marker()`. Returns `s` itself when unchanged. */
export function redactSlashPhones(s: string, marker: () => string): string {
	return s.replace(NATIONAL_SLASH, (m: string) => {
		const n = digitCount(m);
		return n >= 7 && n <= 13 ? marker() : m;
	});
}

/** Replaces the number in `wa.me/<number>` and `t.me/+<number>` links with `marker()`. */
export function redactMessagingPhones(s: string, marker: () => string): string {
	return s.replace(MESSAGING_PHONE, (m: string, num: string) =>
		digitCount(num) >= 7 || isShortInternational(num.replace('+', ''))
			? m.slice(0, m.length - num.length) + marker()
			: m,
	);
}

/**
 * Country calling codes whose regions have national numbers under seven digits, and the shortest such length:
 * libphonenumber's metadata (possible lengths per region, all types), taken once. A `+` and one of these codes
 * followed by at least that many digits is a phone (`+98 9602`); any other `+` and six digits is a signed number.
 */
const SHORT_NATIONAL: ReadonlyMap<string, number> = new Map(
	(
		'27:5 31:5 39:6 40:6 43:4 46:6 47:5 48:6 49:4 53:6 61:5 63:6 64:5 82:5 95:6 98:4 247:5 252:6 290:4 298:6 ' +
		'299:6 352:4 355:6 358:5 359:6 375:6 376:6 381:6 386:5 421:6 500:5 508:6 595:6 597:6 598:4 672:6 676:5 ' +
		'677:5 678:5 681:6 682:5 683:4 685:5 686:5 687:6 688:5 689:6 690:4 852:5 880:6 971:5'
	)
		.split(' ')
		.map((pair) => [pair.slice(0, pair.indexOf(':')), Number(pair.slice(pair.indexOf(':') + 1))]),
);

/** The digits after a `+` (6 or 7 of them): a calling code of {@link SHORT_NATIONAL} and a number of its length. */
export function isShortInternational(digits: string): boolean {
	const n = digits.length;
	if (n < 6 || n > 7) return false;
	for (let cc = 1; cc <= 3; cc++) {
		const min = SHORT_NATIONAL.get(digits.slice(0, cc));
		if (min !== undefined && n - cc >= min) return true;
	}
	return false;
}

/** 1 when the run holds the bracketed trunk prefix `(0)` of `+49 (0)30 …`, else 0. */
export function trunkInBrackets(run: string): number {
	return run.includes('(0)') ? 1 : 0;
}

/** A `+` followed by a digit somewhere in `s`: the short international numbers the 7-digit scan gate misses. */
export function mayHoldShortInternational(s: string): boolean {
	for (let i = s.indexOf('+'); i !== -1; i = s.indexOf('+', i + 1)) {
		const c = s.charCodeAt(i + 1);
		if (c >= 48 && c <= 57) return true;
	}
	return false;
}
