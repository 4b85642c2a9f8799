/**
 * The keep-list: strings that look like numbers, ids or keys but are not personal and must survive — dates, times
 * and amounts in each faker locale's own format (faker data, written with `Intl` for that locale), versions, order
 * numbers, SKUs, carrier tracking numbers with their documented check digits, postal codes, coordinates, ISBNs,
 * colours, short commit hashes, retina asset names, ids, and public PEM blocks. These cases hold no PII: they are the
 * negatives of the `isPiiDetected` false-positive rate.
 */
import type {Faker} from '@faker-js/faker';
import type {CaseSink} from './case.js';
import {fakerFor, LOCALES} from './fakers.js';
import {fill, KEEP_SENTENCES, langOfLocale} from './languages.js';
import {BASE64, DIGITS, LOWER, type Rng, UPPER} from './random.js';

/** A faker locale as a BCP 47 tag for `Intl` (`de_AT` → `de-AT`). */
export const bcp47 = (locale: string): string => locale.replace(/_/g, '-');
export const pad2 = (n: number): string => String(n).padStart(2, '0');
const CURRENCIES = [
	'EUR',
	'USD',
	'GBP',
	'JPY',
	'INR',
	'BRL',
	'PLN',
	'CHF',
	'SEK',
	'TRY',
	'CNY',
	'MXN',
] as const;

function intlDate(locale: string, d: Date, style: 'short' | 'medium' | 'long'): string {
	try {
		return new Intl.DateTimeFormat(bcp47(locale), {dateStyle: style, timeZone: 'UTC'}).format(d);
	} catch {
		return new Intl.DateTimeFormat('en', {dateStyle: style, timeZone: 'UTC'}).format(d);
	}
}

function intlNumber(locale: string, n: number, options: Intl.NumberFormatOptions): string {
	try {
		return new Intl.NumberFormat(bcp47(locale), options).format(n);
	} catch {
		return new Intl.NumberFormat('en', options).format(n);
	}
}

/** UPS `1Z`: shipper, service, package digits and the mod-10 check digit (letters counted as (code − 3) mod 10). */
function ups(rng: Rng): string {
	const body =
		rng.string(6, UPPER + DIGITS) + rng.pick(['01', '02', '03', '12', '13']) + rng.string(7, DIGITS);
	let sum = 0;
	for (let i = 0; i < body.length; i++) {
		const c = body.charCodeAt(i);
		const v = c <= 57 ? c - 48 : (c - 63) % 10;
		sum += i % 2 === 1 ? v * 2 : v;
	}
	return `1Z${body}${(10 - (sum % 10)) % 10}`;
}

/** USPS Intelligent Mail package barcode (22 digits), mod-10 check with weights 3, 1 from the right. */
function usps(rng: Rng): string {
	const body = `9${rng.pick(['400', '205', '407', '303'])}1${rng.string(16, DIGITS)}`;
	let sum = 0;
	for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
	const full = `${body}${(10 - (sum % 10)) % 10}`;
	return full.match(/.{1,4}/g)?.join(' ') ?? full;
}

/** FedEx Express 12 digits, check digit with weights 1, 3, 7 from the right, mod 11. */
function fedex(rng: Rng): string {
	const body = rng.string(1, '1234567') + rng.string(10, DIGITS);
	let sum = 0;
	const w = [1, 3, 7];
	for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (w[i % 3] ?? 1);
	return `${body}${(sum % 11) % 10}`;
}

/** UPU S10 (Royal Mail, Deutsche Post, La Poste …): 2 letters, 8 digits, weighted mod-11 check, country. */
function s10(rng: Rng): string {
	const serial = rng.string(8, DIGITS);
	const w = [8, 6, 4, 2, 3, 5, 9, 7];
	let sum = 0;
	for (let i = 0; i < 8; i++) sum += Number(serial[i]) * (w[i] ?? 0);
	const c = 11 - (sum % 11);
	const check = c === 10 ? 0 : c === 11 ? 5 : c;
	return `${rng.pick(['RR', 'RA', 'LX', 'CP', 'EE'])}${serial}${check}${rng.pick(['GB', 'DE', 'FR', 'NL', 'CH'])}`;
}

/** DHL Express waybill: 10 digits, the last the first nine mod 7. */
function dhl(rng: Rng): string {
	const body = rng.string(1, '123456789') + rng.string(8, DIGITS);
	return `${body}${Number(body) % 7}`;
}

/** Makes one keep string from a locale's faker data. */
export type Maker = (f: Faker, rng: Rng, locale: string) => string;

/** Keep families: [family, make the string]; also written into form-encoded queries (`form-queries.ts`). */
export const MAKERS: readonly [string, Maker][] = [
	['date-intl-short', (f, _r, l) => intlDate(l, f.date.past({years: 3, refDate: '2025-06-01'}), 'short')],
	['date-intl-medium', (f, _r, l) => intlDate(l, f.date.past({years: 3, refDate: '2025-06-01'}), 'medium')],
	[
		'date-numeric',
		(f, r) => {
			const d = f.date.past({years: 5, refDate: '2025-06-01'});
			const [y, m, day] = [d.getUTCFullYear(), pad2(d.getUTCMonth() + 1), pad2(d.getUTCDate())];
			return r.pick([
				`${day}/${m}/${y}`,
				`${day}.${m}.${y}`,
				`${y}-${m}-${day}`,
				`${m}/${day}/${y}`,
				`${day}-${m}-${y}`,
				`${y}/${m}/${day}`,
			]);
		},
	],
	[
		'time',
		(f, r, l) => {
			try {
				return new Intl.DateTimeFormat(bcp47(l), {
					timeStyle: r.pick(['short', 'medium'] as const),
					timeZone: 'UTC',
				}).format(f.date.recent({refDate: '2025-06-01T12:00:00Z'}));
			} catch {
				return `${pad2(r.int(0, 23))}:${pad2(r.int(0, 59))}`;
			}
		},
	],
	[
		'price',
		(f, r, l) =>
			intlNumber(l, Number(f.commerce.price({min: 1, max: 5000})), {
				style: 'currency',
				currency: r.pick(CURRENCIES),
			}),
	],
	['amount', (_f, r, l) => intlNumber(l, r.int(1000, 99_999_999) / 100, {minimumFractionDigits: 2})],
	[
		'version',
		(f, r) =>
			r.pick([
				f.system.semver(),
				`v${f.system.semver()}`,
				`${f.system.semver()}-beta.${r.int(1, 9)}`,
				`${f.system.semver()}+build.${r.int(100, 999)}`,
			]),
	],
	[
		'semver-range',
		(f, r) =>
			r.pick([
				`^${f.system.semver()}`,
				`~${f.system.semver()}`,
				`>=${f.system.semver()} <${r.int(2, 9)}.0.0`,
				`${r.int(1, 9)}.x`,
			]),
	],
	[
		'order-number',
		(_f, r) =>
			r.pick([
				`ORD-${r.int(2020, 2025)}-${r.string(6, DIGITS)}`,
				`#${r.int(1000, 99_999)}`,
				`${r.string(3, DIGITS)}-${r.string(7, DIGITS)}-${r.string(7, DIGITS)}`,
				`INV-${r.int(2020, 2025)}-${r.string(4, DIGITS)}`,
			]),
	],
	[
		'sku',
		(_f, r) =>
			r.pick([
				`SKU-${r.string(4, UPPER + DIGITS)}-${r.string(4, DIGITS)}`,
				`${r.string(3, UPPER)}${r.string(2, DIGITS)}${r.string(2, UPPER)}/A`,
				`${r.string(2, UPPER)}-${r.string(5, DIGITS)}-${r.string(2, UPPER)}`,
			]),
	],
	['tracking-ups', (_f, r) => ups(r)],
	['tracking-usps', (_f, r) => usps(r)],
	['tracking-fedex', (_f, r) => fedex(r)],
	['tracking-dhl', (_f, r) => dhl(r)],
	['tracking-s10', (_f, r) => s10(r)],
	['postal-code', (f) => f.location.zipCode()],
	['coordinates', (f) => `${f.location.latitude({precision: 6})}, ${f.location.longitude({precision: 6})}`],
	['isbn', (f, r) => (r.chance(0.5) ? f.commerce.isbn(13) : f.commerce.isbn(13).replace(/-/g, ''))],
	['hex-colour', (f) => f.color.rgb()],
	['commit-sha', (f) => f.git.commitSha({length: 7})],
	[
		'retina-asset',
		(f, r) =>
			`${f.system.fileName({extensionCount: 0}).toLowerCase()}@${r.pick(['2x', '3x'])}.${r.pick(['png', 'jpg', 'webp'])}`,
	],
	[
		'id',
		(_f, r) =>
			r.pick([
				`exp-${r.int(1, 999)}`,
				`campaign_${r.int(2020, 2025)}_q${r.int(1, 4)}`,
				`build-${r.int(2020, 2025)}${pad2(r.int(1, 12))}${pad2(r.int(1, 28))}.${r.int(1, 9)}`,
				`order_${r.int(100, 99_999)}`,
				`tenant-${r.string(6, LOWER)}`,
				`node-${r.int(1, 64)}`,
			]),
	],
];

/** `make` with the locale's data, or with English data where faker has none for that locale (no postcodes in some). */
export function makeIn(make: Maker, f: Faker, rng: Rng, locale: string): string {
	try {
		return make(f, rng, locale);
	} catch {
		return make(fakerFor('en', rng), rng, locale);
	}
}

/** A public certificate or public key: armour and body are both kept. */
function addPublicPem(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 20; k++) {
		const label = rng.pick(['CERTIFICATE', 'PUBLIC KEY']);
		const body = [
			`MII${rng.string(61, BASE64)}`,
			rng.string(64, BASE64),
			rng.string(64, BASE64),
			`${rng.string(40, BASE64)}==`,
		];
		const pem = [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join('\n');
		sink.add({
			kind: 'text',
			input: `ca bundle:\n${pem}`,
			pii: [],
			keep: [`-----BEGIN ${label}-----`, ...body.slice(0, 2)],
			class: 'keep',
			family: `keep/public-${label === 'CERTIFICATE' ? 'certificate' : 'key'}`,
			locale: 'en',
		});
	}
}

/** The keep-list of every faker locale, in sentences of its language, in objects and in URLs. */
export function addKeeps(sink: CaseSink, rng: Rng): void {
	for (const locale of LOCALES) {
		const lang = langOfLocale(locale);
		for (let k = 0; k < 12; k++) {
			const f = fakerFor(locale, rng);
			const [family, make] = rng.pick(MAKERS);
			const value = makeIn(make, f, rng, locale);
			const labels = {pii: [], keep: [value], class: 'keep', family: `keep/${family}`, locale};
			const where = rng.int(0, 9);
			if (where < 6) sink.add({kind: 'text', input: fill(rng.pick(KEEP_SENTENCES[lang]), value), ...labels});
			else if (where < 9)
				sink.add({
					kind: 'object',
					input: {event: 'order_update', props: {detail: value, count: 3}},
					...labels,
				});
			else if (/^[\w.@#~^-]+$/.test(value))
				sink.add({
					kind: 'url',
					input: `/orders/items/${value.replace('#', '')}?tab=details`,
					...labels,
					keep: [value.replace('#', '')],
				});
			else sink.add({kind: 'text', input: value, ...labels});
		}
	}
	addPublicPem(sink, rng);
}
