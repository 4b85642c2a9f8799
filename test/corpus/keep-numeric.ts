/**
 * The keep-list's numbers that share a phone number's shape: counts grouped the locale's way (`12.345.678`,
 * `1,23,45,678`, `12 345 678`), dates with two-digit years and date-times as `Intl` writes them per locale, compact
 * ISO dates and Unix timestamps, percentages, GS1 barcodes (UPC-A, EAN-13) and ISBN-10 with their check digits,
 * ABA routing numbers and BICs (faker), flight numbers, private IPv4 addresses and user-agent strings — and the
 * same values after a calling or contact word (`Call scheduled for 07.09.24`), which must not turn them into
 * phones. These cases hold no PII: they are negatives of the `isPiiDetected` false-positive rate, so a looser phone
 * rule is measured against them before it lands.
 */
import type {Faker} from '@faker-js/faker';
import type {CaseSink} from './case.js';
import {fakerFor, LOCALES} from './fakers.js';
import {bcp47, makeIn, type Maker, pad2} from './keep.js';
import {fill, KEEP_SENTENCES, langOfLocale, PHONE_WORD_KEEP_SENTENCES} from './languages.js';
import {DIGITS, type Rng} from './random.js';

/** `format` with the locale, or with English where Node's ICU has no data for it. */
function inLocale<T>(locale: string, format: (l: string) => T): T {
	try {
		return format(bcp47(locale));
	} catch {
		return format('en');
	}
}

const pastDate = (f: Faker): Date => f.date.past({years: 4, refDate: '2025-06-01T00:00:00Z'});

/** GS1 check digit (UPC-A, EAN-13): weights 3 and 1 from the right. */
export function gs1(body: string): string {
	let sum = 0;
	for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
	return `${body}${(10 - (sum % 10)) % 10}`;
}

/** Values written at a time or a date: also written after a calling word (`Call scheduled for …`). */
const WHEN: readonly [string, Maker][] = [
	[
		'datetime-intl',
		(f, r, l) =>
			inLocale(l, (loc) =>
				new Intl.DateTimeFormat(loc, {
					dateStyle: 'short',
					timeStyle: r.pick(['short', 'medium'] as const),
					timeZone: 'UTC',
				}).format(pastDate(f)),
			),
	],
	[
		'date-2digit',
		(f, _r, l) =>
			inLocale(l, (loc) =>
				new Intl.DateTimeFormat(loc, {
					year: '2-digit',
					month: '2-digit',
					day: '2-digit',
					timeZone: 'UTC',
				}).format(pastDate(f)),
			),
	],
	[
		'date-compact',
		(f, r) => {
			const iso = pastDate(f).toISOString();
			const basic = iso.slice(0, 10).replace(/-/g, '');
			return r.pick([basic, `${basic}T${iso.slice(11, 19).replace(/:/g, '')}Z`, iso.slice(0, 19)]);
		},
	],
	[
		'timestamp-unix',
		(f, r) => {
			const ms = pastDate(f).getTime();
			return r.chance(0.5) ? String(Math.floor(ms / 1000)) : String(ms);
		},
	],
];

/** Amounts, codes and ids. */
const WHAT: readonly [string, Maker][] = [
	[
		'count',
		(_f, r, l) => inLocale(l, (loc) => new Intl.NumberFormat(loc).format(r.int(1_000_000, 9_999_999_999))),
	],
	[
		'percent',
		(f, _r, l) =>
			inLocale(l, (loc) =>
				new Intl.NumberFormat(loc, {style: 'percent', maximumFractionDigits: 2}).format(
					f.number.float({min: 0, max: 1, fractionDigits: 4}),
				),
			),
	],
	['upc-a', (f) => f.commerce.upc()],
	['ean-13', (_f, r) => gs1(`${r.int(400, 440)}${r.string(9, DIGITS)}`)],
	['isbn-10', (f, r) => (r.chance(0.5) ? f.commerce.isbn(10) : f.commerce.isbn(10).replace(/-/g, ''))],
	['routing-number', (f) => f.finance.routingNumber()],
	['bic', (f) => f.finance.bic({includeBranchCode: true})],
	[
		'flight-number',
		(f, r) =>
			`${f.airline.airline().iataCode}${r.pick(['', ' '])}${f.airline.flightNumber({length: {min: 2, max: 4}})}`,
	],
	[
		'ipv4-private',
		(f, r) => f.internet.ipv4({network: r.pick(['private-a', 'private-b', 'private-c'] as const)}),
	],
	['user-agent', (f) => f.internet.userAgent()],
	['duration', (_f, r) => `${r.int(0, 9)}:${pad2(r.int(0, 59))}:${pad2(r.int(0, 59))}`],
];

/** The numeric keep families of every faker locale: in sentences, in objects, and after calling words. */
export function addNumericKeeps(sink: CaseSink, rng: Rng): void {
	const all = [...WHEN, ...WHAT];
	for (const locale of LOCALES) {
		const lang = langOfLocale(locale);
		for (let k = 0; k < 8; k++) {
			const f = fakerFor(locale, rng);
			// Every third case puts a date or time after a calling or contact word; the rest are plain.
			const afterPhoneWord = k % 3 === 2;
			const [family, make] = rng.pick(afterPhoneWord ? WHEN : all);
			const value = makeIn(make, f, rng, locale);
			const labels = {
				pii: [],
				keep: [value],
				class: 'keep',
				family: `keep/${family}${afterPhoneWord ? '-after-phone-word' : ''}`,
				locale,
			};
			const sentences = afterPhoneWord ? PHONE_WORD_KEEP_SENTENCES[lang] : KEEP_SENTENCES[lang];
			if (afterPhoneWord || rng.chance(0.7))
				sink.add({kind: 'text', input: fill(rng.pick(sentences), value), ...labels});
			else sink.add({kind: 'object', input: {event: 'report', props: {detail: value, rows: 12}}, ...labels});
		}
	}
}
