/**
 * Personal data written with Unicode look-alikes: full-width forms (Japanese keyboard input), no-break and thin
 * spaces (typography, copy-paste), dashes and minus signs, digits of other scripts, zero-width characters. On
 * main every one of these passed the sanitizer untouched. Numbers come from libphonenumber-js's example numbers,
 * emails from faker, cards from the test numbers card vendors and payment processors document.
 */
import {faker} from '@faker-js/faker';
import {getExampleNumber, type CountryCode} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import {describe, expect, it} from 'vitest';
import {foldLookalikes} from '../../src/sanitize/fold.js';
import {detectPii, isPiiDetected, sanitizeData, sanitizeText, sanitizeUrl} from '../../src/sanitize/index.js';
import {createTestAnalytics} from '../../src/testing/index.js';

const NBSP = '\u00A0';
const THIN = '\u2009';

/** ASCII `!`–`~` written full-width (U+FF01–U+FF5E), spaces as the ideographic space U+3000. */
function fullWidth(s: string): string {
	return s.replace(/[\u0021-\u007E ]/g, (c) =>
		c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0),
	);
}

/** ASCII digits written in another script whose zero is `zero`. */
function digitsOf(s: string, zero: number): string {
	return s.replace(/\d/g, (d) => String.fromCharCode(zero + Number(d)));
}

const ARABIC_INDIC = 0x0660;
const PERSIAN = 0x06f0;
const DEVANAGARI = 0x0966;
const BENGALI = 0x09e6;
const THAI = 0x0e50;

/** The cases, as the new user's trial stored them in Umami. */
const REPORTED: [string, string][] = [
	['０９０－１２３４－５６７８', 'phone'],
	['電話番号は０９０－１２３４－５６７８です', 'phone'],
	['ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'email'],
	[`+33${NBSP}6${NBSP}12${NBSP}34${NBSP}56${NBSP}78`, 'phone'],
	[`4111${NBSP}1111${NBSP}1111${NBSP}1111`, 'card'],
	['+٩٧١ ٥٠ ١٢٣ ٤٥٦٧', 'phone'],
	['jane\u200B@example.com', 'email'],
	['0151–12345678', 'phone'],
	['call +49‑151‑12345678', 'phone'],
];

describe('the reported look-alikes', () => {
	it.each(REPORTED)('%s is redacted in text, in data and as a URL segment, and detected', (input, cls) => {
		const text = sanitizeText(input);
		expect(text).toContain('[REDACTED_');
		expect(foldLookalikes(text)).not.toMatch(/\d{4}|jane/);
		expect(JSON.stringify(sanitizeData({note: input}))).toContain('[REDACTED_');
		expect(sanitizeUrl(`/u/${encodeURIComponent(input)}`)).toContain('[REDACTED_');
		expect(isPiiDetected(input)).toBe(true);
		expect(detectPii({note: input}).length).toBeGreaterThan(0);
		// `+49 151 12345678` passes Luhn: the card rule takes it first, in ASCII too.
		if (!input.startsWith('call')) expect(detectPii(input)).toEqual([cls]);
	});

	it('returns the folded string around a marker, with nothing else of the number left', () => {
		expect(sanitizeText('電話番号は０９０－１２３４－５６７８です')).toBe('電話番号は[REDACTED_PHONE]です');
		expect(sanitizeText('連絡先：ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ まで')).toBe(
			'連絡先：[REDACTED_EMAIL] まで',
		);
		expect(sanitizeText(`Appelez le +33${NBSP}6${NBSP}12${NBSP}34${NBSP}56${NBSP}78${NBSP}!`)).toBe(
			'Appelez le [REDACTED_PHONE] !',
		);
	});

	it('ends a number at the CJK, Hangul or Thai word right after it, which no longer keeps its last group', () => {
		expect(sanitizeText('電話番号は090-1234-5678です')).toBe('電話番号は[REDACTED_PHONE]です');
		expect(sanitizeText('연락처는 010-1234-5678로 주세요')).toBe('연락처는 [REDACTED_PHONE]로 주세요');
		expect(sanitizeText('โทร 081-234-5678ครับ')).toBe('โทร [REDACTED_PHONE]ครับ');
		// Before a number such a word still glues: an id or postal code stays unless a phone word comes first.
		for (const keep of ['郵便番号150-0002', '〒１５０－０００２', '注文番号12345678です', '第1234567号'])
			expect(sanitizeText(keep)).toBe(keep);
	});

	it('redacts a phone-shaped look-alike under a phone-like key, in data and in a query', () => {
		expect(sanitizeData({telefon: '０１５１ １２３４５６７８'})).toEqual({telefon: '[REDACTED_PHONE]'});
		expect(sanitizeData({mobile: '٠١٥١١٢٣٤٥٦٧٨'})).toEqual({mobile: '[REDACTED_PHONE]'});
		expect(sanitizeData({tel: `0151${NBSP}12345678`})).toEqual({tel: '[REDACTED_PHONE]'});
		expect(sanitizeUrl(`/p?telefon=${encodeURIComponent('０１５１ １２３４５６７８')}`)).toBe(
			'/p?telefon=[REDACTED_PHONE]',
		);
	});

	it('finds zero-width characters, soft hyphens and U+2060 inside any item', () => {
		for (const zw of ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD']) {
			expect(sanitizeText(`mail jane${zw}.doe@exa${zw}mple.com`)).toBe('mail [REDACTED_EMAIL]');
			expect(sanitizeText(`card 4111${zw}1111${zw}1111${zw}1111`)).toBe('card [REDACTED_CARD]');
		}
	});

	it('reads the other dashes, minus signs and spaces as ASCII', () => {
		for (const dash of [
			'\u2010',
			'\u2011',
			'\u2012',
			'\u2013',
			'\u2014',
			'\u2015',
			'\u2212',
			'\uFE63',
			'\uFF0D',
		])
			expect(sanitizeText(`ruf an: 0151${dash}12345678`)).toBe('ruf an: [REDACTED_PHONE]');
		for (const space of [NBSP, '\u2002', THIN, '\u200A', '\u202F', '\u205F', '\u3000'])
			expect(sanitizeText(`SSN 123${space}45${space}6789`)).toBe('SSN [REDACTED_SSN]');
		expect(sanitizeText('jane﹫example.com')).toBe('[REDACTED_EMAIL]');
	});
});

/** A few regions per script: Japan, China, Korea, the Gulf, Egypt, Iran, India, Bangladesh, Thailand, Europe, the US. */
const REGIONS: CountryCode[] = [
	'JP',
	'CN',
	'KR',
	'SA',
	'AE',
	'EG',
	'IR',
	'IN',
	'BD',
	'TH',
	'DE',
	'FR',
	'GB',
	'US',
	'BR',
];

/** Each region's example mobile in libphonenumber's international and national formats. */
const PHONES = REGIONS.flatMap((region) => {
	const p = getExampleNumber(region, examples)!;
	return [p.formatInternational(), p.formatNational()].map((written) => ({region, written}));
});

/** The rewritings people's keyboards and text editors produce. */
const REWRITES: [string, (s: string) => string][] = [
	['full-width', fullWidth],
	['Arabic-Indic digits', (s) => digitsOf(s, ARABIC_INDIC)],
	['Persian digits', (s) => digitsOf(s, PERSIAN)],
	['Devanagari digits', (s) => digitsOf(s, DEVANAGARI)],
	['Bengali digits', (s) => digitsOf(s, BENGALI)],
	['Thai digits', (s) => digitsOf(s, THAI)],
	['no-break spaces', (s) => s.replace(/ /g, NBSP)],
	['thin spaces', (s) => s.replace(/ /g, THIN)],
	['narrow no-break spaces and en dashes', (s) => s.replace(/ /g, '\u202F').replace(/-/g, '–')],
];

describe('libphonenumber-js example numbers, rewritten', () => {
	it.each(REWRITES)('%s: as caught as their ASCII form, in text, data and detection', (_name, rewrite) => {
		let caught = 0;
		for (const {region, written} of PHONES) {
			const sentence = `Phone: ${written}`;
			// Compare with the ASCII form on the same sanitizer: the rewriting must not lose what ASCII finds.
			if (sanitizeText(sentence) === sentence) continue;
			caught++;
			const input = `Phone: ${rewrite(written)}`;
			const out = sanitizeText(input);
			expect(out, `${region} ${input}`).toContain('[REDACTED_');
			expect(foldLookalikes(out), `${region} ${input}`).not.toMatch(/\d{3}/);
			expect(isPiiDetected(input), `${region} ${input}`).toBe(true);
			expect(JSON.stringify(sanitizeData({phone_number: rewrite(written)})), region).not.toMatch(/\d{3}/);
			expect(JSON.stringify(sanitizeData({mobile: rewrite(written)})), region).toContain('[REDACTED_');
		}
		expect(caught).toBeGreaterThanOrEqual(PHONES.length - 2);
	});
});

describe('faker emails, full-width', () => {
	it('are redacted and detected in text, data and URLs', () => {
		faker.seed(20261207);
		for (let i = 0; i < 40; i++) {
			const email = i % 2 === 0 ? faker.internet.email() : faker.internet.exampleEmail();
			const wide = fullWidth(email);
			expect(sanitizeText(`お問い合わせ：${wide}`), wide).toBe('お問い合わせ：[REDACTED_EMAIL]');
			expect(sanitizeData({contact: wide}), wide).toEqual({contact: '[REDACTED_EMAIL]'});
			expect(sanitizeUrl(`/u/${encodeURIComponent(wide)}/edit`), wide).toBe('/u/[REDACTED_EMAIL]/edit');
			expect(detectPii(wide), wide).toEqual(['email']);
		}
	});
});

/**
 * Test card numbers as their vendors and processors document them (Visa, Mastercard incl. the 2-series, Amex,
 * Discover, Diners, JCB, UnionPay), in their printed groups.
 */
const TEST_CARDS = [
	'4111 1111 1111 1111',
	'4242 4242 4242 4242',
	'4000 0566 5566 5556',
	'5555 5555 5555 4444',
	'2223 0031 2200 3222',
	'5105 1051 0510 5100',
	'3782 822463 10005',
	'3714 496353 98431',
	'6011 1111 1111 1117',
	'6011 0009 9013 9424',
	'3056 9300 0902 0004',
	'3566 0020 2036 0505',
	'6200 0000 0000 0005',
];

describe('documented test cards with no-break spaces between groups', () => {
	it.each(TEST_CARDS)('%s', (card) => {
		for (const sep of [NBSP, '\u202F', THIN, '\u3000']) {
			const spaced = card.replace(/ /g, sep);
			expect(sanitizeText(`paid with ${spaced} today`)).toBe('paid with [REDACTED_CARD] today');
			expect(sanitizeData({note: spaced})).toEqual({note: '[REDACTED_CARD]'});
			expect(sanitizeUrl(`/pay/${encodeURIComponent(spaced)}?q=${encodeURIComponent(spaced)}`)).toBe(
				'/pay/[REDACTED_CARD]?q=[REDACTED_CARD]',
			);
			expect(detectPii(spaced)).toEqual(['card']);
		}
		expect(sanitizeText(fullWidth(card))).toBe('[REDACTED_CARD]');
	});
});

/** Ordinary text with these characters and no personal data: must come back byte for byte. */
const KEEP = [
	'東京都渋谷区の店舗は午前１０時から午後８時まで営業しています。',
	'２０２６年１２月７日（月）',
	'￥１，２００（税込）',
	'価格：￥１２，８００、送料：無料；在庫あり',
	'ＵＲＬ：ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ',
	'第３章　はじめに',
	'مرحبا بكم في متجرنا، الطابق ٣، الغرفة ١٢',
	'السعر ٤٥٠ ريال',
	'قیمت: ۱۲۰۰ تومان',
	'कीमत ₹१,२०० है',
	`Prix${NBSP}: 12${NBSP}€ — «${NBSP}Bonjour${NBSP}!${NBSP}»`,
	`Réunion le 7${NBSP}décembre à 14${NBSP}h${NBSP}30`,
	'1\u202F234\u202F567,89 €',
	'pages 12–48 and 2010–2024',
	'−5 °C',
	'soft\u00ADware and zero\u200Bwidth',
	'👨\u200D👩\u200D👧 family',
];

describe('text with look-alikes and no personal data', () => {
	it.each(KEEP)('%s stays byte for byte', (input) => {
		expect(sanitizeText(input)).toBe(input);
		expect(sanitizeData({note: input})).toEqual({note: input});
		expect(sanitizeUrl(`/p/${encodeURIComponent(input)}`)).toBe(`/p/${encodeURIComponent(input)}`);
		expect(isPiiDetected(input)).toBe(false);
	});
});

describe('keys written in look-alikes', () => {
	const SECRET_KEYS = ['password', 'api_key', 'access_token', 'client_secret', 'connect.sid'];
	it.each(SECRET_KEYS)(
		'%s full-width or with a zero-width space is the same key in data and in a query',
		(key) => {
			const value = faker.internet.password({length: 14});
			for (const written of [fullWidth(key), `${key.slice(0, 2)}\u200B${key.slice(2)}`]) {
				expect(sanitizeData({[written]: value, theme: 'dark'})).toEqual({
					[written]: '[REDACTED]',
					theme: 'dark',
				});
				expect(sanitizeUrl(`/login?${encodeURIComponent(written)}=${value}&tab=2`)).toBe(
					`/login?${encodeURIComponent(written)}=[REDACTED]&tab=2`,
				);
			}
		},
	);

	it('a full-width phone key judges its short number as the ASCII key does', () => {
		const fw = fullWidth('phone');
		expect(sanitizeData({[fw]: '1234567'})[fw]).toBe(sanitizeData({phone: '1234567'})['phone']);
		expect(sanitizeData({[fw]: '1234567'})[fw]).not.toBe('1234567');
	});

	it('an ASCII key before the full-width colon of CJK text', () => {
		expect(sanitizeText('token：abcdef123456')).toBe('token：[REDACTED]');
		expect(sanitizeText('login ok, password：hunter2hunter2，then')).toBe(
			'login ok, password：[REDACTED]，then',
		);
		expect(sanitizeText('note：ordinary words here')).toBe('note：ordinary words here');
	});
});

describe('foldLookalikes', () => {
	it('returns an ASCII string, or one with nothing to fold, as the same string', () => {
		for (const s of ['', 'plain ascii 0151 12345678', '東京', 'é', '：，；'])
			expect(foldLookalikes(s)).toBe(s);
	});

	it('maps full-width forms but keeps the full-width colon, comma and semicolon', () => {
		expect(foldLookalikes('ＡＢＣ１２３！～＠')).toBe('ABC123!~@');
		expect(foldLookalikes('ａ：ｂ，ｃ；ｄ')).toBe('a：b，c；d');
	});

	it('maps every digit block it knows to ASCII digits, and each is a block of Unicode decimal digits', () => {
		const nd = /^\p{Nd}$/u;
		let blocks = 0;
		for (let c = 0xa0; c <= 0xffff; c++) {
			const ch = String.fromCharCode(c);
			const folded = foldLookalikes(ch);
			if (!/^\d$/.test(folded)) continue;
			expect(nd.test(ch), c.toString(16)).toBe(true);
			if (folded === '0') {
				blocks++;
				expect(foldLookalikes(digitsOf('0123456789', c))).toBe('0123456789');
			}
		}
		expect(blocks).toBeGreaterThanOrEqual(30);
	});

	it('removes zero-width characters and folds spaces and dashes', () => {
		expect(foldLookalikes('a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf\u00ADg')).toBe('abcdefg');
		expect(foldLookalikes('a\u00A0b\u2003c\u202Fd\u205Fe\u3000f')).toBe('a b c d e f');
		expect(foldLookalikes('a\u2010b\u2015c\u2212d\uFE63e')).toBe('a-b-c-d-e');
	});
});

describe('the final PII gate', () => {
	it.each(REPORTED)('drops an event whose beforeSend put %s back into data, title or URL', async (input) => {
		const places: ((payload: Record<string, unknown>) => void)[] = [
			(payload) => (payload['data'] = {note: input}),
			(payload) => (payload['title'] = input),
			(payload) => (payload['url'] = `/u/${encodeURIComponent(input)}`),
		];
		for (const put of places) {
			const {analytics, flushed, drops} = createTestAnalytics({
				beforeSend: (event) => {
					put(event.payload as unknown as Record<string, unknown>);
					return event;
				},
			});
			analytics.trackEvent('signup', {plan: 'pro'});
			expect(await flushed()).toEqual([]);
			expect(drops.map((drop) => drop.reason)).toEqual(['pii_gate']);
		}
	});

	it('sends the keep-cases', async () => {
		const {analytics, flushed} = createTestAnalytics();
		for (const input of KEEP) analytics.trackEvent('note', {note: input}, {title: input});
		const events = await flushed();
		expect(events.map((event) => [event.payload.title, event.payload.data?.['note']])).toEqual(
			KEEP.map((input) => [input, input]),
		);
	});
});
