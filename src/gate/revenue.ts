/**
 * Revenue as Umami reads it: an event whose data holds `revenue` (a number > 0) and `currency` gets a row in
 * Umami's `revenue` table (2.19+ and 3.x: `revenue decimal(19,4)`, `currency varchar(10)`, the event's name
 * NOT NULL); older servers keep the two keys as ordinary event data. Everything here decides, before the
 * sanitizer runs, whether a pair is one Umami stores exactly as given; a pair that is not is refused with a
 * PII-free explanation, never altered.
 */
import type {EventData} from '../types.js';

/** An amount of money and its currency, as `trackRevenue` takes it. */
export interface Revenue {
	/**
	 * The amount in the currency's major unit (`19.99`, not cents): a number > 0 with at most 4 decimals, below
	 * 1e15 — or a string that is exactly such a decimal (`"19.99"`; no sign, exponent, spaces or separators).
	 */
	readonly amount: number | string;
	/** ISO 4217 code, any case (`'EUR'`, `'eur'`); sent upper-cased. */
	readonly currency: string;
}

/** A pair Umami stores as given: the amount as the number JSON will carry, the code upper-cased. */
export interface RevenuePair {
	readonly revenue: number;
	readonly currency: string;
}

/**
 * The decimal text of an acceptable amount: 1–15 integer digits (numeric(19,4) keeps 15 before the point)
 * and at most 4 decimals. Not a PII detection pattern, hence here and not in `sanitize/patterns.ts`; anchored,
 * with bounded, disjoint runs (digits, then one `.`, then digits): linear on any input.
 */
const AMOUNT_TEXT = /^\d{1,15}(?:\.\d{1,4})?$/;

/** A currency code's shape before the lookup. */
const CODE_TEXT = /^[a-z]{3}$/i;

/** `null`: the runtime has no list. */
let codes: ReadonlySet<string> | null | undefined;

/**
 * The runtime's ISO 4217 codes (`Intl.supportedValuesOf('currency')`), read once; undefined on a runtime
 * without that list (every runtime the package supports has it), where the 3-letter shape alone is checked.
 */
function currencyCodes(): ReadonlySet<string> | undefined {
	if (codes !== undefined) return codes === null ? undefined : codes;
	const intl = Intl as {supportedValuesOf?: (key: string) => string[]};
	let list: readonly string[] | undefined;
	try {
		list = intl.supportedValuesOf?.('currency');
	} catch {
		// An engine that has the function but not the key.
	}
	codes = list !== undefined && list.length > 0 ? new Set(list) : null;
	return codes ?? undefined;
}

/** `text` as the shortest decimal of its value: no leading zeros before the point, no trailing zeros after. */
function canonicalDecimal(text: string): string {
	const point = text.indexOf('.');
	let whole = point === -1 ? text : text.slice(0, point);
	let fraction = point === -1 ? '' : text.slice(point + 1);
	let start = 0;
	while (start < whole.length - 1 && whole.charCodeAt(start) === 48) start++;
	whole = whole.slice(start);
	let end = fraction.length;
	while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--;
	fraction = fraction.slice(0, end);
	return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** The amount as a number Umami stores exactly, or why not (no value in the message). */
export function parseAmount(amount: unknown): number | {readonly error: string} {
	if (typeof amount === 'number') {
		if (!Number.isFinite(amount)) return {error: 'revenue amount is not a finite number'};
		if (amount <= 0) return {error: 'revenue amount must be greater than 0'};
		if (amount >= 1e15) return {error: "revenue amount must be below 1e15 (Umami's decimal(19,4))"};
		// JSON carries the shortest decimal that round-trips: that text is what Umami stores.
		if (!AMOUNT_TEXT.test(String(amount)))
			return {error: "revenue amount has more than 4 decimals (Umami's decimal(19,4) would round it)"};
		return amount;
	}
	if (typeof amount === 'string') {
		if (!AMOUNT_TEXT.test(amount))
			return {
				error: 'revenue amount string is not a plain decimal such as "19.99" (≤ 15 digits, ≤ 4 decimals)',
			};
		const value = Number(amount);
		if (value <= 0) return {error: 'revenue amount must be greater than 0'};
		// 19 significant digits do not all fit in a double: refuse what would not arrive as written.
		if (String(value) !== canonicalDecimal(amount))
			return {error: 'revenue amount string has more significant digits than a number keeps exactly'};
		return value;
	}
	if (amount === undefined) return {error: 'revenue amount is missing'};
	return {error: `revenue amount must be a number or a decimal string, not ${describe(amount)}`};
}

/** The currency as an upper-case ISO 4217 code, or why not. */
export function parseCurrency(currency: unknown): string | {readonly error: string} {
	if (currency === undefined || currency === null || currency === '')
		return {error: 'revenue needs a currency (an ISO 4217 code such as "EUR")'};
	if (typeof currency !== 'string' || !CODE_TEXT.test(currency))
		return {error: 'currency must be a 3-letter ISO 4217 code such as "EUR"'};
	const code = currency.toUpperCase();
	if (currencyCodes()?.has(code) === false) return {error: 'currency is not an ISO 4217 code'};
	return code;
}

/** The pair `trackRevenue` was given, or the first problem found (the argument itself may be anything). */
export function parseRevenueInput(input: unknown): RevenuePair | string {
	if (typeof input !== 'object' || input === null)
		return 'trackRevenue needs {amount, currency} as its second argument';
	const {amount, currency} = input as Partial<Revenue>;
	return parseRevenue(amount, currency);
}

/** Both halves of a pair, or the first problem found. */
export function parseRevenue(amount: unknown, currency: unknown): RevenuePair | string {
	const revenue = parseAmount(amount);
	if (typeof revenue !== 'number') return revenue.error;
	const code = parseCurrency(currency);
	if (typeof code !== 'string') return code.error;
	return {revenue, currency: code};
}

/** A number `parseAmount` accepts as it is (the final PII gate lets it through: an amount is no card number). */
export function isRevenueAmount(value: unknown): boolean {
	return typeof value === 'number' && typeof parseAmount(value) === 'number';
}

/**
 * What is wrong with the revenue of a payload about to be queued, if anything: the last check after any
 * `beforeSend`, on data the sanitizer has already seen. A payload without a `revenue` key has nothing wrong.
 */
export function revenueProblem(name: string | undefined, data: EventData | undefined): string | undefined {
	if (data === undefined || data['revenue'] === undefined || !Object.hasOwn(data, 'revenue'))
		return undefined;
	if (name === undefined) return "revenue needs a named event: Umami stores the event's name with it";
	const revenue = data['revenue'];
	if (typeof revenue !== 'number') return 'revenue must reach Umami as a number';
	const pair = parseRevenue(revenue, data['currency']);
	if (typeof pair === 'string') return pair;
	return pair.currency === data['currency'] ? undefined : 'currency must be upper case';
}

/** The caller's own properties without `revenue` and `currency` (the pair is added back after sanitizing). */
export function withoutPair(properties: unknown): Record<string, unknown> | undefined {
	if (typeof properties !== 'object' || properties === null) return undefined;
	const rest: Record<string, unknown> = {...(properties as Record<string, unknown>)};
	delete rest['revenue'];
	delete rest['currency'];
	return rest;
}

/**
 * Whether plain `trackEvent` properties carry revenue (an own `revenue` key that is not undefined): such an
 * event follows the rules of `trackRevenue`.
 */
export function carriesRevenue(properties: unknown): properties is Record<string, unknown> {
	return (
		typeof properties === 'object' &&
		properties !== null &&
		(properties as Record<string, unknown>)['revenue'] !== undefined &&
		Object.hasOwn(properties, 'revenue')
	);
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
