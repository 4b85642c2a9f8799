/**
 * The countries of the SWIFT IBAN registry and the length of their IBANs, and the national IBANs of countries
 * outside it, for the IBANs written in lower case, with dashes or glued to a word (`IBAN_WRITTEN`): such a
 * candidate counts only with a known country and that country's length (and the mod-97 check).
 *
 * Copied from ibantools 4.5.4 (https://github.com/Simplify/ibantools, MIT or MPL-2.0, © Saša Jovanić), the
 * `chars` of its `countrySpecs` entries: {@link REGISTRY} those marked `IBANRegistry: true` (97 countries),
 * {@link NATIONAL} those with a length but not in the registry (25 countries). test/sanitize/written-ibans.test.ts
 * checks them against @faker-js/faker's IBANs.
 */
const REGISTRY =
	'AD24AE23AL28AT20AX18AZ28BA20BE16BG22BH22BR29BY28CH21CR22CY28CZ24DE22DK18DO28EE20EG29ES24FI18FO18FR27GB22GE22' +
	'GF27GI23GL18GP27GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MF27' +
	'MK19MN20MQ27MR27MT31MU30NC27NI28NL18NO15OM23PF27PK24PL28PM27PS29PT25QA29RE27RO24RS22RU33SA24SC31SD18SE24SI19' +
	'SK24SM27SO23ST25SV28TF27TL23TN24TR26UA29VA22VG24WF27XK20YE30YT27';

/**
 * The national ("experimental") IBANs that banks of countries outside the registry issue, many of them in the
 * West and Central African monetary unions (Angola, Burkina Faso, Burundi, Benin, …, Iran, Morocco, Togo): the
 * same mod-97 check and a fixed length per country.
 */
const NATIONAL =
	'AO25BF28BI27BJ28CF27CG27CI28CM27CV25DJ27DZ26GA27GQ27GW25HN28IR26KM27MA28MG27ML28MZ25NE28SN28TD27TG28';

/** The registered length by country, at `(first letter - A) * 26 + (second - A)`; 0: no IBAN country. */
const LENGTHS = new Uint8Array(26 * 26);
for (const table of [REGISTRY, NATIONAL])
	for (let i = 0; i < table.length; i += 4)
		LENGTHS[(table.charCodeAt(i) - 65) * 26 + table.charCodeAt(i + 1) - 65] = Number(
			table.slice(i + 2, i + 4),
		);

/** The shortest IBAN of either table (Norway's). */
export const SHORTEST_IBAN = 15;

/**
 * The IBAN length of the country whose code is the letters `a` and `b` (char codes, either case), or 0 when they
 * are no IBAN country of either table.
 */
export function ibanLength(a: number, b: number): number {
	const x = (a | 32) - 97;
	const y = (b | 32) - 97;
	if (x < 0 || x > 25 || y < 0 || y > 25) return 0;
	return LENGTHS[x * 26 + y] as number;
}

/**
 * The two letters at `j` are an IBAN country (`ibanLength`), at least one in lower case, and start an IBAN in `s`
 * read from `from` ({@link startsIbanAt}): the head of an `IBAN_WRITTEN` match that `IBAN` cannot make
 * (`de89 3704 …`, `ibande89…`). Capitals are `IBAN`'s, whose heads the callers look for apart.
 */
export function isLowerIbanHead(s: string, j: number, from: number): boolean {
	const a = s.charCodeAt(j);
	const b = s.charCodeAt(j + 1);
	if (a >= 65 && a <= 90 && b >= 65 && b <= 90) return false;
	const length = ibanLength(a, b);
	return length !== 0 && hasRoomFor(s, j, length) && startsIbanAt(s, j, from);
}

/**
 * Whether `length` letters and digits follow from `j`, with at most one space or dash between two of them: what
 * an `IBAN_WRITTEN` match of that length needs. Words such as `base64` or `release2024 notes` end first, so a
 * string holding one is not sent to the pattern (nor denied the short-string tests) for its look of a head.
 */
function hasRoomFor(s: string, j: number, length: number): boolean {
	let count = 0;
	for (let i = j; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (isAlnum(c)) {
			if (++count === length) return true;
		} else if (!((c === 32 || c === 45) && i > j && isAlnum(s.charCodeAt(i - 1)))) return false;
	}
	return false;
}

function isAlnum(c: number): boolean {
	return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
}

/**
 * Whether an IBAN may start at `j` in `s` read from `from`: at a word start, or glued to the end of a word of
 * letters only (`ibande89…`, `Kontode89…`: a label typed without a space). Never after a digit, nor after letters
 * that follow a digit or `_` in the same run (`a1bde89…`, `x_yde89…`: ids and hashes, where a head of letters and
 * digits turns up by chance). Reads back over one run of letters, which the caller's next head cannot share.
 */
export function startsIbanAt(s: string, j: number, from: number): boolean {
	let i = j;
	while (i > from) {
		const p = s.charCodeAt(i - 1);
		if ((p | 32) >= 97 && (p | 32) <= 122) i--;
		else return i === j ? !(p >= 48 && p <= 57) : !((p >= 48 && p <= 57) || p === 95);
	}
	return true;
}
