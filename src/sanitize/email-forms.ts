/**
 * Email addresses in the forms {@link EMAIL} does not read: obfuscated against harvesters (`name [at] domain
 * [dot] tld`, `name(at)domain.tld`) and with a quoted local part (`"Jane Doe"@example.com`). Each address
 * becomes one marker, domain included, as a plain address does.
 */
import {EMAIL_OBFUSCATED, EMAIL_OBFUSCATED_HINT, EMAIL_QUOTED} from './patterns.js';

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
	if (quotedAt) out = out.replace(EMAIL_QUOTED, marker);
	if (bracketAt && EMAIL_OBFUSCATED_HINT.test(out)) out = out.replace(EMAIL_OBFUSCATED, marker);
	return out;
}
