import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {isPlainShort} from '../../src/sanitize/chars.js';
import {isPublicIpv4} from '../../src/sanitize/checks.js';
import {mayHoldMac, replaceApiKeys} from '../../src/sanitize/hints.js';
import {replaceKeyValues} from '../../src/sanitize/key-values.js';
import {createSanitizer, type PiiClass} from '../../src/sanitize/index.js';
import {
	API_KEY,
	API_KEY_HINT,
	AUTH_SCHEME,
	KEY_VALUE,
	KEY_VALUE_AT,
	MAC,
} from '../../src/sanitize/patterns.js';
import {HexFacts, TextFacts, scanHexRuns, scanText} from '../../src/sanitize/scan.js';
import {hasNoHostToParse, hasPlainAuthority} from '../../src/sanitize/url-parses.js';

/**
 * The shortcuts that keep the sanitizer fast must never change what it finds: a prefilter has to hold wherever
 * its pattern matches, and the bounded or sticky searches have to find the same matches as a plain global one.
 */

/** One sample of every API_KEY alternative (built at run time, so no literal key sits in the repo). */
/** The scan's `authScheme` fact of `s`. */
function authSchemeFact(s: string): boolean {
	const facts = new TextFacts();
	scanText(s, facts);
	return facts.authScheme;
}

const KEYS = [
	`AKIA${'IOSFODNN7EXAMPL'}E`,
	`ASIA${'Y'.repeat(16)}`,
	`A3TX${'1'.repeat(16)}`,
	`ghp_${'a1B2'.repeat(9)}`,
	`github_pat_${'a1'.repeat(20)}`,
	`sk_live_${'x9Y8'.repeat(5)}`,
	`rk_test_${'x9Y8'.repeat(5)}`,
	`pk_live_${'x9Y8'.repeat(5)}`,
	`whsec_${'Ab1+'.repeat(6)}`,
	`xoxb-${'1234567890'}-abc`,
	`xapp-${'1-A'.repeat(8)}`,
	`sk-${'Ab3'.repeat(8)}`,
	`sk-ant-${'Ab3'.repeat(8)}`,
	`AIza${'B'.repeat(35)}`,
	`ya29.${'c'.repeat(30)}`,
	`GOCSPX-${'d'.repeat(24)}`,
	`SG.${'a'.repeat(20)}.${'b'.repeat(40)}`,
	`SK${'a1'.repeat(16)}`,
	`AC${'0f'.repeat(16)}`,
	`npm_${'A1'.repeat(18)}`,
	`glpat-${'x'.repeat(20)}`,
	`glsoat-${'x'.repeat(20)}`,
	`hf_${'Q1'.repeat(17)}`,
	`key-${'a1'.repeat(16)}`,
	`shpat_${'0a'.repeat(16)}`,
	`dop_v1_${'ab'.repeat(32)}`,
	`dapi${'12'.repeat(16)}-2`,
	`sq0atp-${'z'.repeat(22)}`,
	`EAAA${'w'.repeat(40)}`,
	`pypi-${'p'.repeat(50)}`,
	`PMAK-${'a'.repeat(24)}-${'b'.repeat(34)}`,
	`lin_api_${'L1'.repeat(16)}`,
	`glsa_${'g'.repeat(30)}`,
	`glc_${'G'.repeat(30)}`,
	`sntrys_${'s'.repeat(30)}`,
	`sbp_${'e'.repeat(40)}`,
	`ATATT3${'x'.repeat(50)}`,
	`secret_${'S'.repeat(40)}`,
	`ntn_${'N'.repeat(40)}`,
	`dp.pt.${'D'.repeat(40)}`,
	`re_${'ab12cd34'}_${'Z9'.repeat(9)}`,
];

/** Pieces of `KEY_VALUE` inputs: keys, separators, prose words and words that merely start like them. */
/** Values of every form `KEY_VALUE` reads: numbers in groups, parentheses, quotes, long runs. */
const VALUE_PIECES = [
	'12',
	' 34',
	'AB1',
	'+4',
	'(0)',
	')',
	'.5',
	'-7',
	'""',
	'"a b"',
	"'x'",
	'x'.repeat(20),
	'\u00a0',
	'é',
];

const KEY_VALUE_PIECES = [
	'password',
	'token',
	'-',
	'--',
	'_k',
	'x.y',
	'=',
	':',
	' ',
	'\t',
	'"',
	"'",
	'is',
	'was',
	'in',
	'with',
	'wasabi',
	'island',
	'->',
	'=>',
	'>',
	'abc123',
	'&',
	'\n',
];

function allMatches(re: RegExp, s: string): string[] {
	return [...s.matchAll(re)].map((m) => `${m.index}:${m[0]}`);
}

/** `s.replace(KEY_VALUE)`'s matches, found the slow way: the sticky pattern tried at every position. */
function stickyEverywhere(s: string): string[] {
	const out: string[] = [];
	for (let p = 0; p < s.length;) {
		KEY_VALUE_AT.lastIndex = p;
		const m = KEY_VALUE_AT.exec(s);
		if (m === null) {
			p++;
		} else {
			out.push(`${m.index}:${m[0]}`);
			p = m.index + m[0].length;
		}
	}
	return out;
}

describe('prefilters hold wherever their pattern matches', () => {
	it.each(KEYS.map((k) => [k.slice(0, 4), k]))('API_KEY_HINT finds the head of a %s… key', (_head, key) => {
		for (const s of [key, `id ${key} end`, `x_${key}`]) {
			if (new RegExp(API_KEY.source, 'g').test(s)) expect(API_KEY_HINT.test(s)).toBe(true);
		}
		expect(new RegExp(API_KEY.source, 'g').test(` ${key} `)).toBe(true);
		expect(API_KEY_HINT.test(` ${key} `)).toBe(true);
	});

	it('API_KEY_HINT stays quiet on ordinary text', () => {
		for (const s of ['User clicked the upgrade button', 'Reset link requested with token=8f3Kd9Lq'])
			expect(API_KEY_HINT.test(s)).toBe(false);
	});

	it("the scan's authScheme fact holds wherever AUTH_SCHEME matches, and not on `token=`", () => {
		const words = fc.constantFrom('Bearer', 'basic', 'TOKEN', 'Digest', 'token=', 'bearer:', 'x', ' ', '\t');
		const creds = fc.constantFrom('abc123XYZ789', 'dGVzdDp0ZXN0', 'short', 'Ab1=', 'mF_9.B5f-4.1JqM');
		const seps = fc.constantFrom(' ', '\t', '  ', '');
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.oneof(words, creds), seps), {maxLength: 6}), (parts) => {
				const s = parts.map(([part, sep]) => part + sep).join('');
				if (new RegExp(AUTH_SCHEME.source, 'gi').test(s)) expect(authSchemeFact(s)).toBe(true);
			}),
		);
		expect(authSchemeFact('token=8f3Kd9Lq2Xv7Bn4Mz1Wc6Ty5')).toBe(false);
		expect(authSchemeFact('Authorization: Bearer mF_9.B5f-4.1JqM')).toBe(true);
	});

	it('KEY_VALUE_AT is KEY_VALUE anchored: the same matches when tried at every position', () => {
		const piece = fc.constantFrom(...KEY_VALUE_PIECES);
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 12}), (parts) => {
				const s = parts.join('');
				expect(stickyEverywhere(s)).toEqual(allMatches(KEY_VALUE, s));
			}),
			{numRuns: 500},
		);
	});
});

describe('bounded and sticky searches find what a full search finds', () => {
	const s = createSanitizer();

	it('replaceKeyValues replaces what a global KEY_VALUE replaces, whatever words start with i or w', () => {
		const piece = fc.constantFrom(...KEY_VALUE_PIECES);
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 10}), (parts) => {
				const t = parts.join('');
				const viaHints = replaceKeyValues(t, (m) => `<${m[1]}|${m[2]}>`);
				expect(viaHints).toBe(t.replace(KEY_VALUE, (_m, key: string, sep: string) => `<${key}|${sep}>`));
			}),
			{numRuns: 1000},
		);
	});

	it('replaceKeyValues reads in code the matches it passes over: the same output as the regex everywhere', () => {
		const piece = fc.constantFrom(...KEY_VALUE_PIECES, ...VALUE_PIECES);
		// Replace some matches only (by key and value length): the skipped ones must end where the regex ends them.
		const wanted = (key: string, value: string): boolean => key === 'token' || value.length >= 6;
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 14}), (parts) => {
				const t = parts.join('');
				const viaCode = replaceKeyValues(
					t,
					(m) => (wanted(m[1] ?? '', m[3] ?? m[4] ?? m[5] ?? '') ? `<${m[1]}|${m[2]}>` : m[0]),
					(key, length) => key === 'token' || length >= 6,
				);
				expect(viaCode).toBe(
					t.replace(
						KEY_VALUE,
						(m: string, key: string, sep: string, dq?: string, sq?: string, bare?: string) =>
							wanted(key, dq ?? sq ?? bare ?? '') ? `<${key}|${sep}>` : m,
					),
				);
			}),
			{numRuns: 3000},
		);
	});

	it('API_KEY tried at its hints replaces what a global API_KEY replaces', () => {
		let n = 0;
		const mark = (m: string): string => `<${m.length}:${n++}>`;
		const plain = (t: string): string => {
			n = 0;
			return t.replace(API_KEY, mark);
		};
		const anchored = (t: string): string => {
			n = 0;
			return replaceApiKeys(t, (m) => mark(m[0]));
		};
		const piece = fc.constantFrom(
			...KEYS,
			...KEYS.map((k) => k.slice(0, 8)),
			's',
			'x',
			'_',
			'-',
			' ',
			'.',
			'k',
			'A',
		);
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 6}), (parts) => {
				const t = parts.join('');
				expect(anchored(t)).toBe(plain(t));
			}),
			{numRuns: 1000},
		);
		for (const k of KEYS)
			for (const t of [k, `${k}${k}`, `${k} ${k}`, `s${k}`, `sk_live_${k}`, `key ${k}.`])
				expect(anchored(t)).toBe(plain(t));
	});

	it.each([
		['--password=hunter2x', '--password=[REDACTED]'],
		['run -token=abc123def now', 'run -token=[REDACTED] now'],
		['x-api-key: abc123def', 'x-api-key: [REDACTED]'],
		['a=1 :: b=2 password: hunter2x', 'a=1 :: b=2 password: [REDACTED]'],
		['"password" : "hunter2x"', '"password" : "[REDACTED]"'],
		['my password is hunter2x', 'my password is [REDACTED]'],
		['secret -> s3cr3tV4lue', 'secret -> [REDACTED]'],
	])('key=value: %s', (input, expected) => {
		expect(s.text(input)).toBe(expected);
	});

	it.each([
		['call (+44 20 7946 0958) now', 'call [REDACTED_PHONE]) now'],
		['(+1) 415 555 2671', '[REDACTED_PHONE]'],
		['id 12 then 4111 1111 1111 1111, ok', 'id 12 then [REDACTED_CARD], ok'],
		['4111111111111111x and +44 20 7946 0958', '[REDACTED_CARD]x and [REDACTED_PHONE]'],
	])('number runs: %s', (input, expected) => {
		expect(s.text(input)).toBe(expected);
	});

	it('number runs after an earlier pass changed the string', () => {
		expect(s.text('token=8f3Kd9Lq2Xv7Bn4Mz1Wc6Ty5 call +44 20 7946 0958')).toBe(
			'token=[REDACTED_API_KEY] call [REDACTED_PHONE]',
		);
	});

	it.each([
		[`0x${'ab'.repeat(20)} end`, '[REDACTED_HEX] end'],
		[`10x${'ab'.repeat(20)}`, '10x[REDACTED_HEX]'],
		[`a ${'f'.repeat(32)} b ${'0'.repeat(40)}`, 'a [REDACTED_HEX] b [REDACTED_HEX]'],
	])('hex runs: %s', (input, expected) => {
		expect(s.text(input)).toBe(expected);
	});
});

describe('data() key verdicts are cached without losing reports', () => {
	it('a key holding PII is reported on every call', () => {
		const seen: PiiClass[] = [];
		const s = createSanitizer({onRedact: (cls) => seen.push(cls)});
		const event = {'jane@example.com': 1, plan: 'pro'};
		expect(s.data(event)).toEqual({'[REDACTED_EMAIL]': 1, plan: 'pro'});
		expect(s.data(event)).toEqual({'[REDACTED_EMAIL]': 1, plan: 'pro'});
		expect(seen).toEqual(['email', 'email']);
		expect(s.detect(event)).toEqual(['email']);
		expect(s.detect(event)).toEqual(['email']);
	});

	it('cached verdicts keep sensitive and allowed keys apart, past the cache bound', () => {
		const s = createSanitizer({allowKeys: ['token_hint']});
		for (let i = 0; i < 3000; i++) {
			const out = s.data({[`k${i}`]: 'x', password: 'hunter2x', token_hint: 'abc', __proto__x: 1});
			expect(out).toEqual({[`k${i}`]: 'x', password: '[REDACTED]', token_hint: 'abc', __proto__x: 1});
		}
	});
});

describe('the fast paths skip only what cannot change', () => {
	const s = createSanitizer();
	// Letters, digits, `_`, `-`, `/`, and the capitals and digits of IBAN heads, 1–15 characters; and Norway's
	// 15-character IBAN in lower case (the one registered length this short).
	const plainish = fc.stringMatching(/^[\w/-]{1,15}$/);
	const ibanish = fc
		.tuple(fc.stringMatching(/^[A-Z]{2}\d{2}$/), fc.stringMatching(/^[A-Z0-9]{10,11}$/))
		.map(([a, b]) => a + b);
	const lowerIbanish = fc
		.tuple(fc.constantFrom('no', 'No', 'de', 'xx_no'), fc.stringMatching(/^\d{2}[a-z0-9]{10,11}$/))
		.map(([a, b]) => a + b);

	it('a string isPlainShort accepts comes out of the full scan unchanged', () => {
		fc.assert(
			fc.property(fc.oneof(plainish, ibanish, lowerIbanish), (v) => {
				if (isPlainShort(v, 0, v.length)) expect(s.text(v)).toBe(v);
			}),
			{numRuns: 3000},
		);
	});

	it.each(['/home/bob/x', '/Users/al/a', '/home/jo/src'])('a short home path is scanned: %s', (v) => {
		expect(isPlainShort(v, 0, v.length)).toBe(false);
		expect(s.data({p: v})['p']).not.toBe(v);
	});

	it.each(['pro_monthly_116', 'signup-cta-1d5s', 'checkout_step_3'])(
		'14–15 plain characters skip the scan: %s',
		(v) => {
			expect(isPlainShort(v, 0, v.length)).toBe(true);
		},
	);

	it('the letter runs of the scan give the longest token run and the hex runs a plain reading gives', () => {
		const f = new TextFacts();
		const h = new HexFacts();
		const text = fc.string({unit: fc.constantFrom(...'abfgzABFGZ_09-. :@/é'.split('')), maxLength: 120});
		fc.assert(
			fc.property(text, (v) => {
				scanText(v, f);
				scanHexRuns(v, h);
				const runs = v.match(/[\w\u0080-\uffff-]+/g) ?? [];
				expect(f.maxRun).toBe(Math.max(0, ...runs.map((r) => r.length)));
				const hex = [...v.matchAll(/[\da-f]+/gi)];
				expect(h.hex4).toBe(hex.some((m) => m[0].length >= 4));
				const long = hex.filter((m) => m[0].length >= 32);
				expect(h.hexFrom).toBe(long[0]?.index ?? -1);
				// The text pass scans hex runs only after a 32-character token run: a 32-hex run is one.
				if (long.length > 0) expect(f.maxRun).toBeGreaterThanOrEqual(32);
				const lastLong = long.at(-1);
				expect(h.hexTo).toBe(lastLong === undefined ? 0 : (lastLong.index ?? 0) + lastLong[0].length);
			}),
			{numRuns: 3000},
		);
	});

	it('hex runs of 32+ are found and bounded as a plain reading finds them, inside token runs of 32+', () => {
		const f = new TextFacts();
		const h = new HexFacts();
		const unit = fc.constantFrom('0123456789abcdef', 'ABCDEF', 'fa', 'g', '-', ' ', '_', 'é', '.');
		fc.assert(
			fc.property(fc.string({unit, maxLength: 30}), (v) => {
				scanText(v, f);
				scanHexRuns(v, h);
				const long = [...v.matchAll(/[\da-f]{32,}/gi)];
				expect(h.hexFrom).toBe(long[0]?.index ?? -1);
				const lastLong = long.at(-1);
				expect(h.hexTo).toBe(lastLong === undefined ? 0 : (lastLong.index ?? 0) + lastLong[0].length);
				if (long.length > 0) expect(f.maxRun).toBeGreaterThanOrEqual(32);
			}),
			{numRuns: 3000},
		);
	});

	it('a URL judged to have no host to parse always parses', () => {
		const scheme = fc
			.tuple(fc.constantFrom('a', 'T', 'f', 'Z'), fc.stringMatching(/^[\w+.-]{0,8}$/))
			.map(([head, tail]) => head + tail);
		const rest = fc.string({unit: fc.constantFrom(...'/\\\t\n\r[]%@:#? a1é\ud800'.split('')), maxLength: 20});
		fc.assert(
			fc.property(scheme, rest, (sch, r) => {
				const url = `${sch}:${r}`;
				if (hasNoHostToParse(url, sch.length + 1))
					expect(() => new URL(url, 'https://localhost')).not.toThrow();
			}),
			{numRuns: 5000},
		);
		for (const url of [
			'tel:+4930123456',
			'sms:+67881150?body=hi',
			'mailto:a@b.co',
			'file:///C:/Users/x/a.js',
		])
			expect(hasNoHostToParse(url, url.indexOf(':') + 1)).toBe(true);
		for (const url of ['http:foo', 'file://host/x', 'amqp://u:p@h/v', 'foo:\t//x y', 'ws:x'])
			expect(hasNoHostToParse(url, url.indexOf(':') + 1)).toBe(false);
	});
});

describe('hasPlainAuthority: a URL it passes always parses', () => {
	it('on schemes, userinfo, hosts and ports built from the characters the parser treats apart', () => {
		const scheme = fc.constantFrom(
			'http',
			'https',
			'HTTPS',
			'ws',
			'wss',
			'ftp',
			'file',
			'postgres',
			'amqp',
			'a_b',
			'g+s',
		);
		const part = (chars: string, max: number): fc.Arbitrary<string> =>
			fc.string({unit: fc.constantFrom(...chars.split('')), maxLength: max});
		const userinfo = fc.oneof(
			fc.constant(''),
			part('aZ9:[]@%\\/\t é\ud800', 8).map((u) => `${u}@`),
		);
		const host = part('aZ9.-_x%[]:\\ \t^|<>é', 14);
		const port = fc.oneof(
			fc.constant(''),
			part('0123456789a-', 7).map((p) => `:${p}`),
		);
		const rest = part('/\\?#a \t', 6);
		fc.assert(
			fc.property(scheme, userinfo, host, port, rest, (sch, u, h, p, r) => {
				const url = `${sch}://${u}${h}${p}${r}`;
				if (hasPlainAuthority(url)) expect(() => new URL(url, 'https://localhost')).not.toThrow();
			}),
			{numRuns: 20000},
		);
	});

	it('passes the shapes a scrubbed URL takes, and leaves the ones the parser can reject', () => {
		for (const url of [
			'https://example.com/a?b#c',
			'HTTPS://Example.COM:443',
			'postgres://[REDACTED]@db.example.com:5432/app',
			'amqp://[REDACTED]@mq.example.net',
			'https://[REDACTED]@api.example.com\\x',
			'wss://a.b-c.d:65535',
		])
			expect(hasPlainAuthority(url)).toBe(true);
		for (const url of [
			'https://1.2.3.4/',
			'https://a.0x1/',
			'https://xn--bad/',
			'https://[REDACTED]@/x',
			'https://host:65536/',
			'https://a..b/',
			'postgres://ho\\st/',
			'file://host/x',
			'a_b://host/',
			'https:/host',
			'https://u\t@host/',
		])
			expect(hasPlainAuthority(url)).toBe(false);
	});
});

describe('mayHoldMac holds wherever MAC matches', () => {
	it('on strings of hex pairs, separators and look-alikes (times, dates, dotted hex)', () => {
		const unit = fc.constantFrom(
			'a1',
			'FF',
			'0e',
			'b',
			'9',
			':',
			'-',
			'.',
			' ',
			'x',
			'12:30',
			'2024-03-15',
			'abcd.',
		);
		fc.assert(
			fc.property(fc.array(unit, {maxLength: 30}), (parts) => {
				const v = parts.join('');
				if (allMatches(MAC, v).length > 0) expect(mayHoldMac(v)).toBe(true);
			}),
			{numRuns: 5000},
		);
	});

	it.each([
		['aa:bb:cc:dd:ee:ff', true],
		['x AA-BB-CC-DD-EE-0F y', true],
		['mac aabb.ccdd.eeff', true],
		['2026-11-11T16:36:07.304Z INFO 12:30:45 a-b-c-d-e-f', false],
	])('%s', (v, expected) => {
		expect(mayHoldMac(v)).toBe(expected);
	});
});

describe('isPublicIpv4 reads the octets in place as Number reads them', () => {
	/** The reading before the octets were read in place. */
	function bySplit(ip: string): boolean {
		const parts = ip.split('.');
		const a = Number(parts[0]);
		const b = Number(parts[1]);
		if (a === 10 || a === 127 || a === 0 || a >= 224) return false;
		if (a === 172 && b >= 16 && b <= 31) return false;
		if (a === 192 && b === 168) return false;
		if (a === 169 && b === 254) return false;
		return !(a === 100 && b >= 64 && b <= 127);
	}

	it('on dotted digit groups and on bracketed-host garbage', () => {
		const octet = fc.oneof(
			fc.integer({min: 0, max: 300}).map(String),
			fc.constantFrom('', '010', '¯', 'x', '1/'),
		);
		fc.assert(
			fc.property(fc.array(octet, {minLength: 1, maxLength: 5}), (parts) => {
				const ip = parts.join('.');
				expect(isPublicIpv4(ip)).toBe(bySplit(ip));
			}),
			{numRuns: 5000},
		);
	});
});
