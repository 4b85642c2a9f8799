/**
 * Email addresses in the forms {@link EMAIL} does not read: obfuscated against harvesters (`name [at] domain
 * [dot] tld`, `name(at)domain.tld`, `name at domain dot tld`) and with a quoted local part
 * (`"Jane Doe"@example.com`). Each address becomes one marker, domain included, as a plain address does.
 */
import {EMAIL_OBFUSCATED, EMAIL_OBFUSCATED_HINT, EMAIL_QUOTED, EMAIL_SPELLED} from './patterns.js';

/**
 * Replaces obfuscated and quoted addresses in `s` with `marker()`. `quotedAt`: the string holds `"@`;
 * `bracketAt`: it holds one of `[ ( { <` right before an `a`. Returns `s` itself when nothing changed.
 */
export function redactEmailForms(
	s: string,
	quotedAt: boolean,
	bracketAt: boolean,
	marker: () => string,
): string {
	let out = s;
	if (quotedAt) out = out.replace(EMAIL_QUOTED(), marker);
	if (bracketAt && EMAIL_OBFUSCATED_HINT.test(out)) out = out.replace(EMAIL_OBFUSCATED(), marker);
	return out;
}

/** A spelled-out ` dot ` (any case): the one word every {@link EMAIL_SPELLED} address holds. */
function hasSpelledDot(s: string): boolean {
	return s.includes(' dot ') || s.includes(' DOT ') || s.includes(' Dot ');
}

/** Words before ` at ` in prose that are no local part (`meet me at home dot com`, `all at once`). */
const PROSE_WORDS = new Set([
	'me',
	'us',
	'you',
	'him',
	'her',
	'them',
	'it',
	'we',
	'i',
	'he',
	'she',
	'they',
	'all',
]);

/** Replaces `name at domain dot tld` addresses in `s` with `marker()`. Returns `s` itself when unchanged. */
export function redactSpelledEmails(s: string, marker: () => string): string {
	if (!hasSpelledDot(s)) return s;
	return s.replace(EMAIL_SPELLED(), (m: string) => {
		let end = 0;
		while (end < m.length && m.charCodeAt(end) !== 32 && m.charCodeAt(end) !== 9) end++;
		return PROSE_WORDS.has(m.slice(0, end).toLowerCase()) ? m : marker();
	});
}
