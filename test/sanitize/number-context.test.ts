import {describe, expect, it} from 'vitest';
import {
	accessLogRequestBefore,
	idWordBefore,
	phoneWordBefore,
	phoneWordFar,
} from '../../src/sanitize/number-context.js';
import {
	ACCESS_LOG_REQUEST_END,
	ID_CONTEXT,
	PHONE_CONTEXT,
	PHONE_CONTEXT_FAR,
} from '../../src/sanitize/patterns.js';
import {Rng} from '../corpus/random.js';

/** What each reader must answer: its pattern on the slice before `end` that the classification used to cut. */
const readers: [string, (s: string, end: number) => boolean, (s: string, end: number) => boolean][] = [
	['ID_CONTEXT', idWordBefore, (s, end) => ID_CONTEXT.test(s.slice(Math.max(0, end - 32), end))],
	['PHONE_CONTEXT', phoneWordBefore, (s, end) => PHONE_CONTEXT.test(s.slice(Math.max(0, end - 24), end))],
	[
		'PHONE_CONTEXT_FAR',
		phoneWordFar,
		(s, end) => PHONE_CONTEXT_FAR.test(s.slice(Math.max(0, end - 32), end)),
	],
	[
		'ACCESS_LOG_REQUEST_END',
		accessLogRequestBefore,
		(s, end) => ACCESS_LOG_REQUEST_END.test(s.slice(Math.max(0, end - 32), end)),
	],
];

/** The pieces texts before numbers are made of: context words in any case, glue, short words, punctuation. */
const PIECES = [
	...'phone tel mobile cell call sms whatsapp fax contact kontakt text telefon movil handy nummer reach ring bel rufen liga dzwon'.split(
		' ',
	),
	// The identifier words of `ID_CONTEXT` and some in other cases.
	...'id no no. num number Order INVOICE ref ts timestamp count Total sku ticket case build job run pid port version v #'.split(
		' ',
	),
	'PHONE',
	'Tel',
	'Call',
	'telephone',
	'me',
	'at',
	'on',
	'us',
	'unter',
	'werktags',
	'x',
	'ab',
	'label',
	'hotel',
	'recall',
	'bell',
	'HTTP/1.1" ',
	'HTTP/2" ',
	'"GET /x ',
	' ',
	' ',
	' ',
	'  ',
	'\t',
	'\n',
	':',
	': ',
	'=',
	'_',
	'-',
	'.',
	'"',
	"'",
	'(',
	')',
	'/',
	'1',
	'42',
	'a1',
	// Outside ASCII: the readers hand these windows to the regex.
	'é',
	'téléphone',
	'número',
	'ſms',
	'\u212Aontakt',
	'номер',
	'電話',
	'：',
	'\u00A0',
	'\u2003',
	'😀',
];

function text(rng: Rng): string {
	let s = '';
	const n = rng.int(1, 14);
	for (let i = 0; i < n; i++) {
		const piece = rng.pick(PIECES);
		s += rng.chance(0.2) ? piece.toUpperCase() : piece;
	}
	return s;
}

describe('number context read in place', () => {
	for (const [name, read, regex] of readers) {
		it(`answers as ${name} on the slice before every position of random texts`, () => {
			const rng = new Rng(0x5eed_0015);
			let agreed = 0;
			let matched = 0;
			for (let k = 0; k < 4000; k++) {
				const s = text(rng);
				for (let end = 0; end <= s.length; end++) {
					const want = regex(s, end);
					if (read(s, end) !== want) expect({s, end, want}).toBe('the same answer');
					agreed++;
					if (want) matched++;
				}
			}
			// Both answers occur, or the comparison says little.
			expect(matched).toBeGreaterThan(100);
			expect(agreed - matched).toBeGreaterThan(100);
		});
	}

	it('answers as the patterns on adversarial texts (long runs of words, spaces, separators)', () => {
		const texts = [
			'call '.repeat(20),
			'tel'.repeat(20),
			'a '.repeat(40),
			'call ab ab ab ab ab ab ',
			'phone\t\t\t\t\t\t',
			'id::::::::',
			'order #-_#-_#',
			' '.repeat(40),
			'-'.repeat(40),
			`phone${'x'.repeat(9)}`,
			`call ${'abcdefghi '.repeat(3)}`,
			'no.no.no.no.no.',
		];
		for (const s of texts) {
			for (let end = 0; end <= s.length; end++) {
				for (const [name, read, regex] of readers) {
					expect([name, s, end, read(s, end)]).toEqual([name, s, end, regex(s, end)]);
				}
			}
		}
	});
});
