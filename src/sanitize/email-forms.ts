/**
 * Email addresses in the forms {@link EMAIL} does not read: obfuscated against harvesters (`name [at] domain
 * [dot] tld`, `name(at)domain.tld`) and with a quoted local part (`"Jane Doe"@example.com`). Each address
 * becomes one marker, domain included, as a plain address does.
 */
import {EMAIL_OBFUSCATED, EMAIL_OBFUSCATED_HINT, EMAIL_QUOTED} from './patterns.js';

/**
 * Replaces obfuscated and quoted addresses in `s` with `marker()`. `hasAt`: the string holds an `@` (or an
 * encoded one); `hasBracket`: it holds one of `[ ( { <`. Returns `s` itself when nothing changed.
 */
export function redactEmailForms(
	s: string,
	hasAt: boolean,
	hasBracket: boolean,
	marker: () => string,
): string {
	let out = s;
	if (hasAt && out.includes('"')) out = out.replace(EMAIL_QUOTED, marker);
	if (hasBracket && EMAIL_OBFUSCATED_HINT.test(out)) out = out.replace(EMAIL_OBFUSCATED, marker);
	return out;
}
