/**
 * Differential check of a sanitizer change: runs a reference build (main's `dist/sanitize.js`, read only) and the
 * current sources side by side over many inputs and option sets, and compares `text`, `url`, `data` and `detect`
 * results and the `onRedact` sequence of each call. Speed work must change no output.
 *
 * Inputs: every input of test/fixtures/pii, of the generated corpora (dev and holdout; inputs only, a holdout case
 * is never printed, only counted), every string literal of test/sanitize, and seeded random compositions of PII
 * fragments, digit soups and separators. Exits 1 and prints the first differences (holdout ones by index only).
 *
 * Usage: npx tsx scripts/diff-sanitizer.ts [reference dist/sanitize.js] [--random N]
 *   (default reference /work/wt-bench/dist/sanitize.js, N = 30000)
 */
import {readFileSync, readdirSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import ts from 'typescript';
import {generateCorpus} from '../test/corpus/index.js';
import {Rng} from '../test/corpus/random.js';
import {createSanitizer as createCurrent} from '../src/sanitize/index.js';
import type {Sanitizer, SanitizerOptions} from '../src/sanitize/index.js';

type Factory = (o?: SanitizerOptions) => Sanitizer;
interface Input {
	value: unknown;
	/** Printable in a report (false for holdout cases). */
	printable: boolean;
}

const args = process.argv.slice(2);
const randomAt = args.indexOf('--random');
const randomCount = randomAt === -1 ? 30_000 : Number(args[randomAt + 1]);
const refPath =
	args.find((a, i) => !a.startsWith('--') && (randomAt === -1 || i !== randomAt + 1)) ??
	'/work/wt-bench/dist/sanitize.js';

/** Every string literal and template text of the test files under `dir`. */
function literalsOf(dir: string): string[] {
	const out = new Set<string>();
	for (const name of readdirSync(dir)) {
		if (!name.endsWith('.ts')) continue;
		const file = ts.createSourceFile(name, readFileSync(join(dir, name), 'utf8'), ts.ScriptTarget.Latest);
		const visit = (node: ts.Node): void => {
			if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.add(node.text);
			else if (ts.isTemplateExpression(node)) {
				out.add(node.head.text + node.templateSpans.map((s) => s.literal.text).join(''));
			}
			ts.forEachChild(node, visit);
		};
		visit(file);
	}
	return [...out];
}

function fixtureInputs(): unknown[] {
	const dir = 'test/fixtures/pii';
	const out: unknown[] = [];
	for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
		for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
			if (line.trim() !== '') out.push((JSON.parse(line) as {input: unknown}).input);
		}
	}
	return out;
}

const FRAGMENTS = [
	'jane.doe@example.com',
	'bob%40mail.org',
	'+44 20 7946 0958',
	'(555) 123-4567',
	'555-123-4567',
	'030/1234567',
	'+49 (0)30 1234 5678',
	'0086 131 2345 2989',
	'4111 1111 1111 1111',
	'4242-4242-4242-4242',
	'378282246310005',
	'123-45-6789',
	'SSN 123456789',
	'DE89 3704 0044 0532 0130 00',
	'8.8.8.8',
	'192.168.1.1',
	'2001:db8::1',
	'00:1A:2B:3C:4D:5E',
	'550e8400-e29b-41d4-a716-446655440000',
	'd41d8cd98f00b204e9800998ecf8427e',
	'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcDEF123',
	'AKIAIOSFODNN7EXAMPLE',
	'password=hunter2',
	'token: abcDEF123456ghiJKL789',
	'Bearer abcDEF123456',
	'https://user:pw@example.com/p?q=1&email=a@b.co',
	'/Users/alice/projects',
	'2024-03-15',
	'15/03/2024',
	'12:30:45',
	'v1.2.3.4',
	'Chrome/120.0.0.0',
	'order 1234567',
	'call me at',
	'phone:',
	'tel.',
	'ref #',
	'1718000000',
	'20240925',
	'07.09.24 20:27',
	'1 299 000',
	'x',
	'user_',
	'-',
	'.',
	'wa.me/447911123456',
	'NI number AB 12 34 56 C',
	'12345678Z',
];
const SEPARATORS = [' ', '  ', '-', '.', '(', ')', ' - ', '/', ', ', ':', '=', '\n', '', '+', '_', 'x', '\t'];

function randomStrings(rng: Rng, count: number): string[] {
	const out: string[] = [];
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
	for (let k = 0; k < count; k++) {
		const parts = 1 + Math.floor(rng.next() * 6);
		let s = '';
		for (let p = 0; p < parts; p++) {
			const r = rng.next();
			if (r < 0.45) {
				// A digit soup: digit groups joined by number separators.
				const groups = 1 + Math.floor(rng.next() * 7);
				for (let g = 0; g < groups; g++) {
					if (g > 0) s += pick(SEPARATORS);
					if (g === 0 && rng.next() < 0.15) s += pick(['+', '(+', '(', '00']);
					const len = 1 + Math.floor(rng.next() * 8);
					for (let d = 0; d < len; d++) s += String(Math.floor(rng.next() * 10));
				}
			} else if (r < 0.85) s += pick(FRAGMENTS);
			else
				s += pick(['the ', 'Mobile ', 'SSN ', 'order ', 'id=', 'card ', 'ref', 'ABCD', 'GB', 'v', 'tel: ']);
			s += pick(SEPARATORS);
		}
		out.push(s);
	}
	return out;
}

const OPTION_SETS: {name: string; options: Omit<SanitizerOptions, 'onRedact'>}[] = [
	{name: 'defaults', options: {}},
	...(
		[
			'emails',
			'uuids',
			'tokens',
			'apiKeys',
			'phones',
			'cards',
			'hex',
			'ips',
			'ibans',
			'ssns',
			'macs',
			'homePaths',
		] as const
	).map((k) => ({name: `no ${k}`, options: {[k]: false}})),
	{
		name: 'custom patterns',
		options: {
			patterns: [
				{name: 'order', pattern: /ORD-\d{4,8}/g, marker: '[ORDER]'},
				{name: 'digits', pattern: /\b\d{5}\b/g},
			],
			sensitiveKeys: ['member_no'],
			allowValues: ['4111 1111 1111 1111'],
		},
	},
];

type Method = 'text' | 'url' | 'data' | 'detect';

function run(factory: Factory, options: Omit<SanitizerOptions, 'onRedact'>) {
	const hits: string[] = [];
	const s = factory({...options, onRedact: (cls) => hits.push(cls)});
	return (method: Method, value: unknown): string => {
		hits.length = 0;
		let result: unknown;
		try {
			result = s[method](value as string);
		} catch (error) {
			result = `THREW ${String(error)}`;
		}
		return `${JSON.stringify(result)} | ${hits.join(',')}`;
	};
}

async function main(): Promise<void> {
	const ref = (await import(pathToFileURL(resolve(refPath)).href)) as {createSanitizer: Factory};
	const inputs: Input[] = [];
	const add = (values: readonly unknown[], printable: boolean): void => {
		for (const value of values) inputs.push({value, printable});
	};
	add(fixtureInputs(), true);
	add(
		generateCorpus('dev').map((c) => c.input),
		true,
	);
	add(
		generateCorpus('holdout').map((c) => c.input),
		false,
	);
	add(literalsOf('test/sanitize'), true);
	add(randomStrings(new Rng(0x5eed), randomCount), true);
	let diffs = 0;
	let calls = 0;
	for (const set of OPTION_SETS) {
		const a = run(ref.createSanitizer, set.options);
		const b = run(createCurrent, set.options);
		for (let i = 0; i < inputs.length; i++) {
			const {value, printable} = inputs[i] as Input;
			const methods: Method[] =
				typeof value === 'string' ? ['text', 'url', 'data', 'detect'] : ['data', 'detect'];
			for (const m of methods) {
				// `data` of a string wraps it as a property value.
				const v = m === 'data' && typeof value === 'string' ? {v: value, note: value} : value;
				calls++;
				const x = a(m, v);
				const y = b(m, v);
				if (x === y) continue;
				if (++diffs <= 20) {
					const what = printable ? JSON.stringify(v) : `holdout input #${i}`;
					console.log(
						`[${set.name}] ${m}(${what})\n  main:    ${printable ? x : '…'}\n  current: ${printable ? y : '…'}`,
					);
				}
			}
		}
	}
	console.log(
		`${inputs.length} inputs × ${OPTION_SETS.length} option sets: ${calls} calls, ${diffs} differences`,
	);
	process.exitCode = diffs === 0 ? 0 : 1;
}

await main();
