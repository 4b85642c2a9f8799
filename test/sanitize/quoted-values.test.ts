/**
 * A quoted value right after a sensitive key, with no separator (issue 15): `passphrase "correct horse battery
 * staple"`, `password 'x y z'`, `secret “…”` kept every word. The quotes stay, their content goes; notes that read
 * as sentences, plain words and single characters after a key stay.
 */
import {describe, expect, it} from 'vitest';
import {sanitizeData, sanitizeText} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

describeCleanFamilies([
	'secret/quoted-after-key',
	'keep/quoted-note-after-key',
	'secret/password-word',
	'keep/word-after-key',
]);

describe('quoted values after a key', () => {
	it.each([
		['passphrase "correct horse battery staple"', 'passphrase "[REDACTED]"'],
		["password 'x y z' then", "password '[REDACTED]' then"],
		['secret “foo bar baz”', 'secret “[REDACTED]”'],
		['secret ‘foo bar’', 'secret ‘[REDACTED]’'],
		['Passwort „Pferd Batterie Heftklammer“ gespeichert', 'Passwort „[REDACTED]“ gespeichert'],
		['Passwort „Pferd Batterie“ gespeichert', 'Passwort „[REDACTED]“ gespeichert'],
		['mot de passe « cheval batterie agrafe »', 'mot de passe «[REDACTED]»'],
		['the api key "abc def ghi"', 'the api key "[REDACTED]"'],
		['password\t"hunter2"', 'password\t"[REDACTED]"'],
		['new password  "kQwErTyUi" set', 'new password  "[REDACTED]" set'],
		['email "bob@example.com"', 'email "[REDACTED_EMAIL]"'],
		// One plain word after a key that names a password is the password a person chose.
		['password "letmein"', 'password "[REDACTED]"'],
		["new_passwd 'dragon' set", "new_passwd '[REDACTED]' set"],
		['Passwort „sonne“', 'Passwort „[REDACTED]“'],
		['PASSCODE "Sunshine"', 'PASSCODE "[REDACTED]"'],
	])('%s', (input, output) => {
		expect(sanitizeText(input)).toBe(output);
		expect(sanitizeData({m: input})).toEqual({m: output});
	});

	it.each([
		'password "see the docs"',
		'the secret "is in the vault."',
		"SyntaxError: Unexpected token 'export'",
		"Unexpected token 'שלום'",
		'the token "expired"',
		'password_strength "weak"',
		'passage "letmein"',
		'Unexpected token \'<\', "<!DOCTYPE "... is not valid JSON',
		'he said "hello there"',
		'password ""',
		'password "unclosed',
		'password "a\nb"',
		'passwords4 "a b"',
	])('keeps %s', (input) => {
		expect(sanitizeText(input)).toBe(input);
	});

	it('reads the words before a key, as `key: value` does', () => {
		expect(sanitizeText('client secret "a b c"')).toBe('client secret "[REDACTED]"');
		expect(sanitizeText('the key "a b c"')).toBe('the key "a b c"');
	});
});
