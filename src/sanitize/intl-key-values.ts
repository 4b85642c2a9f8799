/**
 * `key: value` in text under keys written in other scripts or with accents (`пароль: qwerty2026`,
 * `contraseña=MiClave2026`, `パスワード：himitsu`) or in several words (`mot de passe: azerty`). The main
 * `key=value` pass reads one-word ASCII keys only; this one reads keys with a non-ASCII character, judged by the
 * same key rules, ASCII keys of several words that end in a phrase of another language (`mot de passe`), and
 * ASCII keys before the full-width `：` of CJK text (`token：abc`).
 */
import {endsInIntlPhrase} from './keys.js';
import {INTL_KEY_VALUE} from './patterns.js';

/**
 * Whether the pattern can find a key the main pass did not judge: a `:`/`=` (`separators`) after a space, or a
 * character outside ASCII with a `:`, `=` or `：`.
 */
export function mayHoldIntlKeyValue(s: string, separators: boolean, space: boolean): boolean {
	if (separators && space) return true;
	for (let i = 0; i < s.length; i++) {
		if (s.charCodeAt(i) > 127) return separators || s.includes('\uFF1A', i);
	}
	return false;
}

function isAscii(s: string): boolean {
	for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
	return true;
}

/**
 * Replaces the value of each `key: value` in `s` whose key holds a non-ASCII character and is sensitive with
 * `redact(value)`, quotes kept. Returns `s` itself when nothing changed.
 */
export function redactIntlKeyValues(
	s: string,
	isSensitive: (key: string) => boolean,
	redact: (value: string) => string,
): string {
	return s.replace(INTL_KEY_VALUE, (m, key: string, sep: string, value: string) => {
		if (value.includes('[REDACTED')) return m;
		// An ASCII key before `:` or `=`: its last word was judged by the main pass; only a phrase of several
		// words is new here. Before the full-width `：` (`token：abc` in CJK text) the main pass read nothing.
		if (isAscii(key) && !sep.includes('\uFF1A') ? !key.includes(' ') || !endsInIntlPhrase(key) : false)
			return m;
		if (!isSensitive(key)) return m;
		const q = value.charCodeAt(0);
		if (q === 34 || q === 39) return `${key}${sep}${value[0]}${redact(value.slice(1, -1))}${value[0]}`;
		return key + sep + redact(value);
	});
}
