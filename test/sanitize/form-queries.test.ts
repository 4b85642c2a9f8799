/**
 * Form-encoded queries (issue 15's sanitizer, a new-user trial's leak): a `+` in a query is the space a server
 * decodes, so `q=4242+4242+4242+4242` is a card as `q=4242%204242%204242%204242` is; paths keep `+` literal, and a
 * query inside free text (an access log's request line, a referrer) is read the same way. The generated family
 * (`test/corpus/form-queries.ts`, built with `URLSearchParams`) measures it on data we did not write.
 */
import {describe, expect, it} from 'vitest';
import {createTally} from '../../src/cli/audit-tally.js';
import {encodeFormPart, readPlusAsSpace} from '../../src/sanitize/form-queries.js';
import {detectPii, isPiiDetected, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {cli} from '../cli/harness.js';

describe('query values read with + as a space', () => {
	it.each([
		['/search?q=4242+4242+4242+4242', '/search?q=[REDACTED_CARD]'],
		['/search?q=telefon+0171+2345678', '/search?q=telefon+[REDACTED_PHONE]'],
		['/search?q=DE89+3704+0044+0532+0130+00', '/search?q=[REDACTED_IBAN]'],
		['/search?q=ssn+078+05+1120', '/search?q=ssn+[REDACTED_SSN]'],
		[
			'https://x.example/s?lang=de&q=4242+4242+4242+4242&page=2',
			'https://x.example/s?lang=de&q=[REDACTED_CARD]&page=2',
		],
		// A changed value keeps `+` for its spaces; one written with `%20` keeps `%20`.
		['/s?q=mail+a.b%40example.com+now', '/s?q=[REDACTED_EMAIL]+now'],
		['/search?q=ssn%20078%2005%201120', '/search?q=ssn%20[REDACTED_SSN]'],
		// Keys too: `api+key` is the key `api key`.
		['/s?api+key=abc123xyz', '/s?api+key=[REDACTED]'],
	])('%s → %s', (input, expected) => {
		expect(sanitizeUrl(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it('finds what the %20 form finds', () => {
		for (const [plus, pct] of [
			['/search?q=4242+4242+4242+4242', '/search?q=4242%204242%204242%204242'],
			['/search?q=telefon+0171+2345678', '/search?q=telefon%200171%202345678'],
			['/search?q=DE89+3704+0044+0532+0130+00', '/search?q=DE89%203704%200044%200532%200130%2000'],
		] as const) {
			expect(detectPii(plus)).toEqual(detectPii(pct));
			expect(sanitizeUrl(plus).replaceAll('+', '%20')).toBe(sanitizeUrl(pct));
		}
	});

	it('keeps a literal plus where it is meant: an international prefix, a plus-tag, a path', () => {
		expect(sanitizeUrl('/s?tel=+4930123456')).toBe('/s?tel=[REDACTED_PHONE]');
		expect(sanitizeUrl('/s?to=john+news@example.com&x=1')).toBe('/s?to=[REDACTED_EMAIL]&x=1');
		expect(sanitizeUrl('/s?to=john+news%40example.com')).toBe('/s?to=[REDACTED_EMAIL]');
		// Paths are not form-encoded: `+` stays a `+` there.
		expect(sanitizeUrl('/tags/c++/john+smith')).toBe('/tags/c++/john+smith');
		expect(sanitizeUrl('/u/john+smith/a@b.co?x=1')).toBe('/u/john+smith/[REDACTED_EMAIL]?x=1');
	});

	it('keeps what is no PII read either way', () => {
		for (const url of [
			'/search?q=john+smith',
			'/s?v=1.2.3+build.5&tz=%2B0100',
			'/s?q=ref+654638198373+updated',
			'/s?q=Shipped+on+9780482809537%2C+thanks',
			'/s?q=Versand+am+2022-05-05%2C+danke',
			'/s?at=2024-01-01T10%3A00%3A00+01%3A00',
		]) {
			expect(sanitizeUrl(url)).toBe(url);
			expect(isPiiDetected(url)).toBe(false);
		}
	});
});

describe('queries in free text', () => {
	const log = (path: string): string =>
		`10.0.0.7 - - [07/Dec/2026:09:00:00 +0000] "GET ${path} HTTP/1.1" 200 512 "-" "Mozilla/5.0"`;

	it('an access log request line, a referrer, an absolute URL, a bare pair', () => {
		expect(sanitizeText(log('/checkout?q=4242+4242+4242+4242'))).toBe(log('/checkout?q=[REDACTED_CARD]'));
		expect(sanitizeText(log('/checkout?q=4242%204242%204242%204242'))).toBe(
			log('/checkout?q=[REDACTED_CARD]'),
		);
		expect(sanitizeText('www.google.com/search?q=telefon+0171+2345678')).toBe(
			'www.google.com/search?q=telefon+[REDACTED_PHONE]',
		);
		expect(sanitizeText('see https://x.example/s?q=4242+4242+4242+4242, then')).toBe(
			'see https://x.example/s?q=[REDACTED_CARD], then',
		);
		expect(sanitizeText('search q=4242+4242+4242+4242 took 12ms')).toBe('search q=[REDACTED_CARD] took 12ms');
		expect(detectPii(log('/checkout?q=4242+4242+4242+4242'))).toEqual(['card']);
	});

	it('keeps text whose pluses are no form encoding, and queries that hold no PII', () => {
		for (const text of [
			'sum=1+1 and x=a+b',
			'ts=2024-01-01T10:00:00+01:00 level=info',
			'version=1.2.3+build.5',
			log('/s?q=ref+654638198373+updated'),
			log('/s?note=ref+-6.666349%2C+110.452302+updated'),
			'www.google.com/s?q=Total%3A+427093979507',
		]) {
			expect(sanitizeText(text)).toBe(text);
			expect(isPiiDetected(text)).toBe(false);
		}
	});
});

describe('the audit and the sanitize command read the same way', () => {
	it('audit flags a card in a stored query and in a referrer', () => {
		const tally = createTally();
		tally.add({field: 'query', value: 'q=4242+4242+4242+4242', count: 1});
		tally.add({field: 'referrer', value: 'www.google.com/search?q=4242+4242+4242+4242', count: 1});
		const [query, referrer] = tally.fields();
		expect(query?.classes.card?.samples).toEqual(['q=[REDACTED_CARD]']);
		expect(referrer?.classes.card?.samples).toEqual(['www.google.com/search?q=[REDACTED_CARD]']);
	});

	it('sanitize --detect finds a card in an nginx log line', async () => {
		const line =
			'10.0.0.7 - - [07/Dec/2026:09:00:00 +0000] "GET /checkout?q=4242+4242+4242+4242 HTTP/1.1" 200 512';
		const result = await cli(['sanitize', '--detect'], {stdin: `${line}\n`, env: {}});
		expect(result.code).toBe(1);
		expect(result.stdout).toMatch(/stdin:1: card/);
		expect(result.stdout).not.toContain('4242');
	});
});

describe('readPlusAsSpace and encodeFormPart', () => {
	it.each([
		['a+b+c', 'a b c'],
		['+4930123456', '+4930123456'],
		['+49+30+123', '+49 30 123'],
		['john+news@example.com', 'john+news@example.com'],
		['mail+a%40b.co+now', 'mail+a%40b.co now'],
		['a%2Bb', 'a%2Bb'],
		['no-plus', 'no-plus'],
	])('%s → %s', (raw, read) => {
		expect(readPlusAsSpace(raw)).toBe(read);
	});

	it('writes spaces as + and a literal plus as %2B', () => {
		expect(encodeFormPart('telefon [REDACTED_PHONE]')).toBe('telefon+[REDACTED_PHONE]');
		expect(encodeFormPart('a+b c')).toBe('a%2Bb+c');
	});
});
