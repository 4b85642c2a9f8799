import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';
import {cli} from './harness.js';

const EMAIL = 'jane.doe@example.com';
const PHONE = '+1 415 555 0132';
const CARD = '4111 1111 1111 1111';
const TOKEN = 'tok_9f8e7d6c5b4a39281706';
const INPUT = [
	`contact ${EMAIL} please`,
	`/users/${EMAIL}/reset?token=${TOKEN}&utm_source=mail`,
	JSON.stringify({email: EMAIL, plan: 'pro', card: CARD}),
	'nothing personal here',
	`call me at ${PHONE}`,
	'',
].join('\n');
const VALUES = [EMAIL, PHONE, CARD, TOKEN, 'jane.doe'];

describe('sanitize', () => {
	test('scrubs text, URL and JSON lines from stdin', async () => {
		const result = await cli(['sanitize'], {stdin: INPUT, env: {}});
		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines).toHaveLength(5);
		expect(lines[0]).toBe('contact [REDACTED_EMAIL] please');
		expect(lines[1]).toMatch(/^\/users\/\[REDACTED_EMAIL\]\/reset\?/);
		expect(JSON.parse(lines[2]!)).toMatchObject({email: '[REDACTED_EMAIL]', plan: 'pro'});
		expect(lines[3]).toBe('nothing personal here');
		expect(lines[4]).toContain('[REDACTED_PHONE]');
		for (const value of VALUES) expect(result.stdout).not.toContain(value);
	});

	test('"-" and a file path read the same input', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'umami-guard-sanitize-'));
		const file = join(dir, 'fixture.txt');
		writeFileSync(file, INPUT);
		const fromFile = await cli(['sanitize', file], {env: {}});
		const fromStdin = await cli(['sanitize', '-'], {stdin: INPUT, env: {}});
		expect(fromFile.stdout).toBe(fromStdin.stdout);
		const missing = await cli(['sanitize', join(dir, 'nope.txt')], {env: {}});
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain('ENOENT');
	});

	test('--detect lists classes and line numbers, never a value, and exits 1', async () => {
		const result = await cli(['sanitize', '--detect'], {stdin: INPUT, env: {}});
		expect(result.code).toBe(1);
		expect(result.stdout).toMatch(/stdin:1: email/);
		expect(result.stdout).toMatch(/stdin:2: .*email/);
		expect(result.stdout).toMatch(/stdin:3: .*card/);
		expect(result.stdout).toMatch(/stdin:5: phone/);
		expect(result.stdout).not.toMatch(/stdin:4:/);
		for (const value of VALUES) expect(result.stdout + result.stderr).not.toContain(value);
	});

	test('--detect --json parses and carries no value', async () => {
		const result = await cli(['sanitize', '--detect', '--json'], {stdin: INPUT, env: {}});
		expect(result.code).toBe(1);
		const report = JSON.parse(result.stdout) as {
			found: boolean;
			matches: {line: number; classes: string[]}[];
			counts: Record<string, number>;
		};
		expect(report.found).toBe(true);
		expect(report.matches.map((match) => match.line)).toEqual([1, 2, 3, 5]);
		expect(report.counts['email']).toBe(3);
		for (const value of VALUES) expect(result.stdout).not.toContain(value);
	});

	test('--detect on clean input exits 0', async () => {
		const result = await cli(['sanitize', '--detect'], {
			stdin: 'hello\n/pricing?utm_source=x\n{"plan":"pro"}\n',
			env: {},
		});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('no personal data found in 3 lines');
	});

	test('--as forces one kind; bad --as is a usage error', async () => {
		const result = await cli(['sanitize', '--as', 'text'], {stdin: `{"email":"${EMAIL}"}\n`, env: {}});
		expect(result.stdout).not.toContain(EMAIL);
		expect((await cli(['sanitize', '--as', 'xml'], {env: {}})).code).toBe(2);
	});
});
