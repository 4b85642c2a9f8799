/**
 * National phone formats the number-run rules did not read: the trunk-prefixed area code before a slash
 * (`030/1234567`), national numbers written with dots after a trunk `0` (`06.616.7250`), the `00`
 * international prefix typed instead of `+`, and numbers in the path of messaging links (`wa.me/…`).
 */
import {MESSAGING_PHONE, NATIONAL_SLASH} from './patterns.js';

function digitCount(s: string): number {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 48 && c <= 57) n++;
	}
	return n;
}

/** A run that starts with `00` and a non-zero country code digit. */
export function isIddPrefixed(run: string): boolean {
	return (
		run.charCodeAt(0) === 48 && run.charCodeAt(1) === 48 && run.charCodeAt(2) >= 49 && run.charCodeAt(2) <= 57
	);
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
	return s.replace(MESSAGING_PHONE, (m: string, num: string) => m.slice(0, m.length - num.length) + marker());
}
