import {describe, expect, it} from 'vitest';
import {sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';

/**
 * The fastest of 7 runs: interference from other processes (CI shares 2 cores) only ever adds time, so the
 * minimum is the run closest to the work itself. A super-linear pattern would still take ~100× longer on
 * 10× the input; the bound below allows 30×.
 */
function time(fn: () => unknown): number {
	let best = Number.POSITIVE_INFINITY;
	for (let i = 0; i < 7; i++) {
		const t = performance.now();
		fn();
		best = Math.min(best, performance.now() - t);
	}
	return Math.max(best, 0.05);
}

const adversarial: [string, (n: number) => string][] = [
	['digits', (n) => '1'.repeat(n)],
	['spaced digits', (n) => '1 '.repeat(n / 2)],
	['at signs', (n) => '@'.repeat(n)],
	['a@a@a', (n) => 'a@'.repeat(n / 2)],
	['dots', (n) => '.'.repeat(n)],
	['a.a.a', (n) => 'a.'.repeat(n / 2)],
	['hex', (n) => 'f'.repeat(n)],
	['equals', (n) => '='.repeat(n)],
	['k=v', (n) => 'a='.repeat(n / 2)],
	['eyJ.eyJ', (n) => 'eyJ.'.repeat(n / 4)],
	['eyJeyJ', (n) => 'eyJ'.repeat(n / 3)],
	['percent', (n) => '%25'.repeat(n / 3)],
	['colons', (n) => 'a:'.repeat(n / 2)],
	['dashes', (n) => '1-'.repeat(n / 2)],
	['word chars', (n) => 'a'.repeat(n)],
	['mixed', (n) => 'x@y.z 1.2.3.4 ab:cd '.repeat(n / 20)],
	// Key=value hints whose sticky attempts all fail, and number windows separated by words.
	['prose is', (n) => 'key is '.repeat(n / 7)],
	['arrows', (n) => 'k -> '.repeat(n / 5)],
	['flags', (n) => '--a'.repeat(n / 3)],
	['long keys', (n) => `${'k'.repeat(70)}:`.repeat(n / 71)],
	// A sensitive key's value of several words, read up to the end of its clause.
	['run-on words', (n) => 'pwd: a b c d e f g h i j '.repeat(n / 25)],
	['run-on sentences', (n) => 'pwd: a b c the '.repeat(n / 16)],
	['run-on long word', (n) => `pwd: a ${'b'.repeat(n)}`],
	['unclosed quotes after keys', (n) => 'k: "a '.repeat(n / 6)],
	// SSN labels with an unclosed remark, and `00` runs.
	['ssn labels', (n) => 'SSN (x 1 '.repeat(n / 9)],
	['00 runs', (n) => '00 '.repeat(n / 3)],
	// Base64 and Discord-shaped runs just short of a cloud key, and `Q~` heads.
	['base64 39', (n) => `${'aB3/'.repeat(9)}aB3 `.repeat(n / 40)],
	['dotted base64', (n) => 'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.'.repeat(n / 31)],
	['Q~ heads', (n) => 'ab1Q~'.repeat(n / 5)],
	// Cloud-key hints (a 40th base64 or 27th token character) whose sticky attempts all fail, and one long run.
	['base64 40s', (n) => `${'aB3/'.repeat(10)} `.repeat(n / 41)],
	['token 27s', (n) => `${'a1'.repeat(14)}.`.repeat(n / 29)],
	['long base64', (n) => 'aB3/'.repeat(n / 4)],
	// Spelled-out addresses that never reach a TLD, and punycode TLD heads.
	['spelled at', (n) => 'a at b dot '.repeat(n / 11)],
	['at chains', (n) => 'a at '.repeat(n / 5)],
	['punycode', (n) => 'a@b.xn--'.repeat(n / 8)],
	// DNI, NIE and NINO shapes one character short, and NINO labels without a number.
	['dni shapes', (n) => '1234567 Z '.repeat(n / 10)],
	['nie shapes', (n) => 'X123456 L '.repeat(n / 10)],
	['nino labels', (n) => 'NI number AB 12 34 56 '.repeat(n / 22)],
	// A sensitive key before digit groups that never end at a value boundary.
	['key digit groups', (n) => `ssn: ${'1 ('.repeat(n / 3)}x`],
	['key groups', (n) => 'pin: 1 2)3 4x '.repeat(n / 14)],
	// Access log request ends that never close, and status-and-size runs without one.
	['HTTP/1.1"', (n) => 'HTTP/1.1" 200 '.repeat(n / 14)],
	['status sizes', (n) => '200 2326 '.repeat(n / 9)],
	['phones and words', (n) => '+44 20 7946 0958 x '.repeat(n / 19)],
	// Over-redaction rules (issue 15): PEM armour, Cookie headers and pairs, density names, signed parameters.
	['pem begins', (n) => '-----BEGIN A'.repeat(n / 12)],
	['pem blocks', (n) => '-----BEGIN A-----\n'.repeat(n / 18)],
	['cookie headers', (n) => 'Cookie: a=b;'.repeat(n / 12)],
	['cookie pairs', (n) => `Cookie: ${'a;'.repeat(n / 2)}=x`],
	['density names', (n) => 'a@2x.png'.repeat(n / 8)],
	['signed cookies', (n) => `sid=s%3A${'a'.repeat(n)}`],
	// IBANs in lower case or with dashes: heads and groups that never reach a registered length, runs that are
	// one group too long, and express-session signed ids whose signature is one character short or never ends.
	['lower iban heads', (n) => 'de89 '.repeat(n / 5)],
	['dashed iban groups', (n) => 'de89-3704-'.repeat(n / 10)],
	['iban groups run on', (n) => `de89${' abcd'.repeat(n / 5)}`],
	['iban-long runs', (n) => `${'de89370400440532013000'.repeat(2)} `.repeat(n / 45)],
	['signed session heads', (n) => ' s:abcdefgh.'.repeat(n / 12)],
	['signed session ids', (n) => `s:${'a'.repeat(n)}`],
	['short signatures', (n) => ` s%3A${'a'.repeat(32)}.${'%2F'.repeat(42)}`.repeat(n / 164)],
	['signature runs', (n) => `s:${'a'.repeat(32)}.${'aB3/'.repeat(n / 4)}`],
	['home dirs', (n) => '/home/a/'.repeat(n / 8)],
	['windows homes', (n) => 'C:\\\\Users\\\\a'.repeat(n / 14)],
	['encoded homes', (n) => '%2Fhome%2Fa%41'.repeat(n / 14)],
	['home names', (n) => `/Users/${'a'.repeat(n)}`],
	['obfuscated at', (n) => 'a [at] b [dot] '.repeat(n / 15)],
	['parens at', (n) => 'a(at)'.repeat(n / 5)],
	// Card codes without digits, and keys in other scripts or of several words that never reach a separator.
	['card code words', (n) => 'cvc cvv2 csc code '.repeat(n / 18)],
	['cyrillic words', (n) => 'пароль '.repeat(n / 7)],
	['cyrillic keys', (n) => 'пароль: '.repeat(n / 8)],
	['long word keys', (n) => `${'é'.repeat(50)} `.repeat(n / 51)],
	['word runs before colons', (n) => 'mot de passe a b c d e : '.repeat(n / 25)],
	// ASCII keys of several words read back from each separator (intl-key-values.ts gates its pass on them).
	['ascii phrase keys', (n) => 'mot de passe actuel:\t'.repeat(n / 21)],
	['key words at their limit', (n) => `${`${'a'.repeat(48)} `.repeat(n / 49)}=`],
	['cjk keys', (n) => '密码：'.repeat(n / 3)],
	['quoted locals', (n) => '"a"@'.repeat(n / 4)],
	['quotes', (n) => '"'.repeat(n)],
	// Password keys before quoted words: keys that end one letter short of a password word, and long key runs.
	['password keys', (n) => 'passwor "a" '.repeat(n / 12)],
	// IBAN labels glued to capitals that never reach an IBAN's length, and label runs.
	['iban label heads', (n) => 'IBANDE89 '.repeat(n / 9)],
	['iban label runs', (n) => 'IBAN'.repeat(n / 4)],
	// Keys in mathematical letters, folded with NFKC once per key.
	['math letter keys', (n) => '𝐩𝐚𝐬𝐬: x '.repeat(n / 13)],
	['math letter runs', (n) => `${'𝐩'.repeat(n / 2)}: x`],
	// Codice fiscale and CPF shapes one character short, and dotted digit runs.
	['codice fiscale shapes', (n) => 'RSSMRA85T10A562 '.repeat(n / 16)],
	['cpf shapes', (n) => '529.982.247-2 '.repeat(n / 14)],
	['dotted digit runs', (n) => '529.'.repeat(n / 4)],
	// Product labels before digit runs that never close, and label words run together.
	['product labels', (n) => 'Art.-Nr. 1 '.repeat(n / 11)],
	['label runs', (n) => `${'artikel'.repeat(n / 7)} 030 1234567`],
	['password key runs', (n) => `${'pass'.repeat(n / 4)}word "letmein"`],
	['curl users', (n) => ' -u a:'.repeat(n / 6)],
	['p flags', (n) => `mysql ${' -pa'.repeat(n / 4)}`],
	['secret flags', (n) => ' --password'.repeat(n / 11)],
	['env names', (n) => `${'A'.repeat(n)}PASSWORD=x`],
	['slash phones', (n) => '030/12 '.repeat(n / 7)],
	['digit slashes', (n) => '0/'.repeat(n / 2)],
	['wa.me', (n) => 'wa.me/1'.repeat(n / 7)],
	['dotted trunk', (n) => '0.1'.repeat(n / 3)],
	['amz params', (n) => '?X-Amz-Date=20240126T193300Z&'.repeat(n / 30)],
	// Phone rules of the recall round: far phone words, dates with spaced separators, short `+` numbers, times.
	['far phone words', (n) => 'call me back on '.repeat(n / 16)],
	['far words and digits', (n) => 'rufen Sie mich 1 '.repeat(n / 17)],
	// Phone words of phone-words.ts before digit runs: word starts with endings, near-only words, glued words.
	['phone word endings', (n) => 'Telefonnummer mobil 0612 '.repeat(n / 25)],
	['near phone words', (n) => 'fax fax 1 '.repeat(n / 10)],
	['glued phone words', (n) => '联系电话：13812 الهاتف 0501 '.repeat(n / 25)],
	['spaced dates', (n) => '2024. 09. 07. '.repeat(n / 14)],
	['dotted date groups', (n) => '12.12.'.repeat(n / 6)],
	['plus digits', (n) => '+9'.repeat(n / 2)],
	['short internationals', (n) => '+98 9602 '.repeat(n / 9)],
	['hours after runs', (n) => '07.09.24 20:'.repeat(n / 12)],
	['wa.me short', (n) => 'wa.me/989602 '.repeat(n / 13)],
	['slash one digit', (n) => '0867 / 4 '.repeat(n / 9)],
	['doppler heads', (n) => 'dp.st.'.repeat(n / 6)],
	['doppler configs', (n) => `dp.st.${'a'.repeat(n)}`],
	['new relic heads', (n) => 'NRAK-'.repeat(n / 5)],
	// Form-encoded queries: `+` read as a space, plus-tags looked for, queries in text read apart.
	['form pluses', (n) => `/s?q=${'1+'.repeat(n / 2)}`],
	['plus tags', (n) => `/s?q=${'a+b%40'.repeat(n / 6)}`],
	['plus runs', (n) => `/s?q=a+${'b'.repeat(n)}@`],
	['query tokens', (n) => '/s?q=1+2 '.repeat(n / 9)],
	['bare plus pairs', (n) => 'q=4+4&'.repeat(n / 6)],
	['equals in tokens', (n) => `${'a='.repeat(n / 2)}+`],
	['long token before a query', (n) => `${'a'.repeat(n)}?q=1+2`],
	// A pair inside an unchanged value is read again, one level deep.
	['pairs in values', (n) => `k: ${'password='.repeat(n / 9)}`],
	['keys in values', (n) => `a: ${'b=c:'.repeat(n / 4)}${'d'.repeat(40)}`],
	['long values in values', (n) => 'note: token=x '.repeat(n / 14)],
	// Keys of several words: every separator reads back at most two words before its key.
	['key phrases', (n) => 'my api key: a '.repeat(n / 14)],
	['phrases without values', (n) => 'the secret key: '.repeat(n / 16)],
	['words before colons', (n) => 'a b c: '.repeat(n / 7)],
	['long words before keys', (n) => `${'a'.repeat(40)} ${'b'.repeat(40)} key= `.repeat(n / 87)],
	['word run before a key', (n) => `${'api '.repeat(n / 4)}key: x`],
	// Look-alikes folded to ASCII first (fold.ts): full-width digits, zero-width characters, mixes of both.
	['full-width digits', (n) => '１'.repeat(n)],
	['full-width groups', (n) => '０９０－１２３４－'.repeat(n / 9)],
	['zero-width spaces', (n) => '\u200B'.repeat(n)],
	['zero-width between digits', (n) => '1\u200B'.repeat(n / 2)],
	['no-break spaced digits', (n) => '1\u00A0'.repeat(n / 2)],
	['arabic-indic digits', (n) => '٩'.repeat(n)],
	['thin-spaced arabic-indic digits', (n) => '٩\u2009'.repeat(n / 2)],
	['full-width at signs', (n) => 'ａ＠'.repeat(n / 2)],
	['look-alike mix', (n) => 'ｊ\u200B＠１\u00A0٣－\u2009電'.repeat(n / 9)],
	['full-width prices', (n) => '￥１，２００ '.repeat(n / 7)],
	// Issue 15, gaps: keys with Greek and Cyrillic look-alikes, quoted values after keys that never close, and
	// IBANs glued to words or of national countries whose checks fail.
	['look-alike keys', (n) => 'p\u0430ssword=x '.repeat(n / 12)],
	['look-alike key words', (n) => 't\u03bfk\u0435n '.repeat(n / 6)],
	['look-alike json keys', (n) => '{"p\u0430ss": "a'.repeat(n / 12)],
	['quotes after keys', (n) => 'password "a '.repeat(n / 12)],
	['curly quotes after keys', (n) => 'secret \u201ca '.repeat(n / 10)],
	['guillemets after keys', (n) => 'token \u00ab '.repeat(n / 8)],
	['quote after long key', (n) => `${'k'.repeat(n)} "a b"`],
	['quoted words', (n) => 'a "b" '.repeat(n / 6)],
	['long quoted words after keys', (n) => `token '${'a'.repeat(1000)}' `.repeat(n / 1009)],
	['quoted values after keys', (n) => 'pin "ab1" '.repeat(n / 10)],
	['glued iban heads', (n) => 'ibande89'.repeat(n / 8)],
	['glued iban runs', (n) => `${'a'.repeat(n)}de89370400440532013001`],
	['letters before glued heads', (n) => `${'ab'.repeat(n / 2)}de89 3704 0044 0532 0130 00`],
	['national iban heads', (n) => 'ma64 0115 '.repeat(n / 10)],
];

describe('work grows linearly on adversarial input', () => {
	it.each(adversarial)('%s', (_name, make) => {
		const small = make(10_000);
		const large = make(100_000);
		for (const fn of [sanitizeText, sanitizeUrl, (s: string) => sanitizeData({s})]) {
			fn(small); // warm up
			const t10 = time(() => fn(small));
			const t100 = time(() => fn(large));
			expect(t100).toBeLessThan(30 * t10 + 20);
		}
	});
});
