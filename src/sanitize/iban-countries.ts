/**
 * The countries of the SWIFT IBAN registry and the length of their IBANs, for the IBANs written in lower case or
 * with dashes (`IBAN_WRITTEN`): such a candidate counts only with a registered country and that country's length.
 *
 * Copied from ibantools 4.5.4 (https://github.com/Simplify/ibantools, MIT or MPL-2.0, © Saša Jovanić), the
 * `chars` of its `countrySpecs` entries marked `IBANRegistry: true` (97 countries; its other entries are not in
 * the SWIFT registry). test/sanitize/written-ibans.test.ts checks it against @faker-js/faker's IBANs.
 */
const REGISTRY =
	'AD24AE23AL28AT20AX18AZ28BA20BE16BG22BH22BR29BY28CH21CR22CY28CZ24DE22DK18DO28EE20EG29ES24FI18FO18FR27GB22GE22' +
	'GF27GI23GL18GP27GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MF27' +
	'MK19MN20MQ27MR27MT31MU30NC27NI28NL18NO15OM23PF27PK24PL28PM27PS29PT25QA29RE27RO24RS22RU33SA24SC31SD18SE24SI19' +
	'SK24SM27SO23ST25SV28TF27TL23TN24TR26UA29VA22VG24WF27XK20YE30YT27';

/** The registered length by country, at `(first letter - A) * 26 + (second - A)`; 0: no IBAN country. */
const LENGTHS = new Uint8Array(26 * 26);
for (let i = 0; i < REGISTRY.length; i += 4)
	LENGTHS[(REGISTRY.charCodeAt(i) - 65) * 26 + REGISTRY.charCodeAt(i + 1) - 65] = Number(
		REGISTRY.slice(i + 2, i + 4),
	);

/** The shortest registered IBAN (Norway's). */
export const SHORTEST_IBAN = 15;

/**
 * The registered IBAN length of the country whose code is the letters `a` and `b` (char codes, either case), or 0
 * when they are no IBAN country of the registry.
 */
export function ibanLength(a: number, b: number): number {
	const x = (a | 32) - 97;
	const y = (b | 32) - 97;
	if (x < 0 || x > 25 || y < 0 || y > 25) return 0;
	return LENGTHS[x * 26 + y] as number;
}

/**
 * The two letters at `j` are a registered IBAN country (`ibanLength`), at least one in lower case, and start a word
 * in `s` read from `from` (no ASCII letter or digit before them): the head of an `IBAN_WRITTEN` match that `IBAN`
 * cannot make (`de89 3704 …`). Capitals are `IBAN`'s, whose heads the callers look for apart.
 */
export function isLowerIbanHead(s: string, j: number, from: number): boolean {
	const a = s.charCodeAt(j);
	const b = s.charCodeAt(j + 1);
	if ((a >= 65 && a <= 90 && b >= 65 && b <= 90) || ibanLength(a, b) === 0) return false;
	if (j === from) return true;
	const p = s.charCodeAt(j - 1);
	return !((p >= 48 && p <= 57) || ((p | 32) >= 97 && (p | 32) <= 122));
}
