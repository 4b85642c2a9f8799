/**
 * The gates of the text passes (issue 15, speed): facts of the one char-code scan that let a pass be skipped, and
 * the hint search that tries the cloud-key pattern only where a match can start. A gate may only skip what
 * cannot change the output, so each fact is checked against a plain reading of the string, and the hint search
 * against a plain global replace.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {redactCloudSecrets, replaceCloudCandidates} from '../../src/sanitize/cloud-keys.js';
import {CLOUD_SECRET} from '../../src/sanitize/patterns.js';
import {TextFacts, scanText} from '../../src/sanitize/scan.js';

// Shapes built at run time, so no literal credential sits in the repo.
const AWS = `wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLEKEY'}`;
const AZURE = `Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw${'=='}`;
const DISCORD = `MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.${'ZnCjm1XVW7vRze4b7Cq4se7kKWs'}`;
const ENTRA = `abc8Q~${'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456'}`;
const SECRETS = [AWS, AZURE, DISCORD, ENTRA];

describe('the scan facts hold what a plain reading of the string finds', () => {
	const f = new TextFacts();
	const units = [...'aZ09+/_-~.: éQ'.split(''), ' dot ', ' DOT ', ' Dot ', ' dOt ', '://', 'AB', 'AB ', '12'];

	it('base64 run, `~`, seven digits, capitals before digits, `://` and a spelled dot', () => {
		fc.assert(
			fc.property(fc.string({unit: fc.constantFrom(...units), maxLength: 60}), (v) => {
				scanText(v, f);
				const b64 = v.match(/[a-z\d+/]+/gi) ?? [];
				expect(f.maxBase64Run).toBeGreaterThanOrEqual(Math.max(0, ...b64.map((r) => r.length)));
				expect(f.tilde).toBe(v.includes('~'));
				expect(f.digits7).toBe(/\d{7}/.test(v));
				expect(f.capsDigits).toBe(/[A-Z]{2} ?\d{2}/.test(v));
				expect(f.scheme).toBe(v.includes('://'));
				expect(f.spelledDot).toBe(v.includes(' dot ') || v.includes(' DOT ') || v.includes(' Dot '));
			}),
			{numRuns: 2000},
		);
	});
});

describe('cloud keys tried at their hints', () => {
	let n = 0;
	const mark = (m: string): string => `<${m.length}:${n++}>`;
	// Every candidate is marked, so the hint search is checked on the pattern's matches, not only on credentials.
	const plain = (t: string): string => {
		n = 0;
		return t.replace(CLOUD_SECRET, mark);
	};
	const hinted = (t: string): string => {
		n = 0;
		return replaceCloudCandidates(t, (m) => mark(m[0]));
	};

	it('replaces what a global CLOUD_SECRET replaces, on key shapes, their pieces and their neighbours', () => {
		const piece = fc.constantFrom(
			...SECRETS,
			...SECRETS.map((k) => k.slice(0, 20)),
			...SECRETS.map((k) => k.slice(7)),
			'aB3/'.repeat(10),
			'aB3x'.repeat(10),
			'a'.repeat(27),
			'M'.repeat(23),
			'Q~',
			'.',
			'=',
			'==',
			'~',
			'-',
			'_',
			'/',
			'+',
			' ',
			'1',
			'é',
		);
		fc.assert(
			fc.property(fc.array(piece, {maxLength: 8}), (parts) => {
				const t = parts.join('');
				expect(hinted(t)).toBe(plain(t));
			}),
			{numRuns: 5000},
		);
	});

	it.each([
		['each shape alone', SECRETS],
		['shapes glued and spaced', SECRETS.flatMap((k) => [`${k}${k}`, `${k} ${k}`, `x ${k}. ${k}`])],
		// A Discord token whose first part is too short for a 27-character window: its first hint is 60 in.
		[
			'a Discord token with a 23-character id',
			[`say M${'Tk4NjIyNDgzNDcxOTI1MjQ'}.Cl2FMQ.${'a1B2'.repeat(7)}`],
		],
		['a long base64 run (one hint, no match)', [`data ${'aB3/'.repeat(500)} end`]],
	])('%s', (_name, inputs) => {
		for (const t of inputs) expect(hinted(t)).toBe(plain(t));
	});

	it('redacts the credentials among the candidates', () => {
		let k = 0;
		expect(redactCloudSecrets(`a ${AWS} b ${'ab'.repeat(20)} c ${ENTRA}`, () => `<${k++}>`)).toBe(
			`a <0> b ${'ab'.repeat(20)} c <1>`,
		);
	});
});
