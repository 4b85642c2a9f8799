/**
 * The gates of the text passes (issue 15, speed): facts of the one char-code scan that let a pass be skipped, and
 * the hint search that tries the cloud-key pattern only where a match can start. A gate may only skip what
 * cannot change the output, so each fact is checked against a plain reading of the string, and the hint search
 * against a plain global replace.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {redactCloudSecrets, replaceCloudCandidates} from '../../src/sanitize/cloud-keys.js';
import {mayHoldIntlKeyValue, redactIntlKeyValues} from '../../src/sanitize/intl-key-values.js';
import {intlPhrases} from '../../src/sanitize/intl-keys.js';
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
				expect(f.nonAscii).toBe(/[^\0-\x7f]/.test(v));
				expect(f.digits7).toBe(/\d{7}/.test(v));
				expect(f.capsDigits).toBe(/[A-Z]{2} ?\d{2}/.test(v));
				expect(f.scheme).toBe(v.includes('://'));
				expect(f.spelledDot).toBe(v.includes(' dot ') || v.includes(' DOT ') || v.includes(' Dot '));
			}),
			{numRuns: 2000},
		);
	});
});

describe('the international key pass is gated on ASCII text by the keys it can act on', () => {
	// Every key is taken as sensitive, so the gate is checked against each match the pass could ever change.
	const pass = (t: string): string =>
		redactIntlKeyValues(
			t,
			() => true,
			() => '<r>',
		);
	const gate = (t: string): boolean =>
		mayHoldIntlKeyValue(t, t.includes(':') || t.includes('='), /[ \t\n]/.test(t));
	const ascii = intlPhrases().filter((p) => p.every((w) => /^[a-z]+$/.test(w)));
	const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);
	const phrases = ascii.flatMap((p) => [p.join(' '), p.map(cap).join(' '), p.join('_'), p.map(cap).join('')]);

	it('holds wherever the pass changes an ASCII string', () => {
		const word = fc.constantFrom(
			'actuel',
			'Value',
			'new',
			'has',
			'order',
			'x1',
			'9a',
			'a'.repeat(47),
			'b'.repeat(48),
			'c'.repeat(49),
			'_k',
			'a.b',
		);
		const gap = fc.constantFrom('', ' ', '  ', '   ', '\t', ' \t', '_', '-', '.', '"', '#', '7', ':');
		const piece = fc.oneof(word, gap, fc.constantFrom(...phrases));
		// Words and phrases joined by the gaps, so keys of 1–6 words meet separators after 0–3 spaces or tabs.
		const text = fc
			.array(
				fc.tuple(
					fc.oneof(piece, piece, fc.constantFrom(...phrases)),
					gap,
					fc.constantFrom(':', '=', ' ', 'x'),
				),
				{
					maxLength: 6,
				},
			)
			.map((parts) => parts.flat().join(''));
		let changed = 0;
		fc.assert(
			fc.property(text, (t) => {
				if (pass(t) === t) return;
				changed++;
				expect(gate(t)).toBe(true);
			}),
			{numRuns: 30000},
		);
		// The property is about the strings the pass changes: there must be many of them.
		expect(changed).toBeGreaterThan(3000);
	});

	it('lets pass the ASCII text of a several-word key in another language, and skips other ASCII text', () => {
		for (const t of [
			'mot de passe actuel: hunter2',
			'Numero de cuenta = 123',
			'x tc kimlik no:\t42',
			'a b c motDePasse: x',
		])
			expect([t, gate(t), pass(t) !== t]).toEqual([t, true, true]);
		for (const t of ['Order #631715: customer', 'user name: jane', 'at 12:44:05 done', 'mot de passe   : x'])
			expect([t, gate(t)]).toEqual([t, false]);
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
