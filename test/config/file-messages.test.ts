/**
 * config.yaml mistakes a new user's trial met: a `./config.yaml` with `website_id:` at the top level and no
 * `umami:` section was ignored in silence, and the instance only said "set UMAMI_WEBSITE_ID"; a custom
 * pattern written with `pattern:` instead of `regex:` was told as "got a list; expected a list of {name,
 * regex, marker?} entries", naming neither the entry nor the key.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {resolveConfig} from '../../src/config/resolve.js';
import {isConfigError} from '../../src/errors.js';

const ID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const dir = mkdtempSync(join(tmpdir(), 'umami-guard-file-messages-'));

/** The message of the ConfigError `resolveConfig` throws for the file `text`. */
function errorOf(text: string): string {
	const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
	writeFileSync(file, text);
	try {
		resolveConfig('x', {env: {}, configFile: file});
	} catch (error) {
		if (isConfigError(error)) return error.message;
		throw error;
	}
	throw new Error('no ConfigError');
}

describe('a ./config.yaml without an umami: section', () => {
	it('with website_id at the top level: the reason names the file and where its keys belong', () => {
		const cwd = process.cwd();
		const work = mkdtempSync(join(tmpdir(), 'umami-guard-stray-'));
		try {
			process.chdir(work);
			writeFileSync('config.yaml', `website_id: ${ID}\napi_url: https://umami.example.com\n`);
			const config = resolveConfig('x', {env: {}});
			expect(config.enabled).toBe(false);
			expect(config.disabledReason).toBe(
				'no website id: ./config.yaml has `website_id:` at its top level; its keys belong under `umami:` (or set UMAMI_WEBSITE_ID)',
			);
			// The app's own config.yaml, with nothing of ours at its top level, is still not ours to judge.
			writeFileSync('config.yaml', 'database:\n  host: x\n');
			expect(resolveConfig('x', {env: {}}).disabledReason).toBe('no website id (set UMAMI_WEBSITE_ID)');
		} finally {
			process.chdir(cwd);
		}
	});
});

describe('a wrong custom pattern entry', () => {
	const head = `umami:\n  website_id: ${ID}\n  sanitization:\n    patterns:\n`;

	it('`pattern:` instead of `regex:`: names the entry and the key, with the key meant', () => {
		const message = errorOf(`${head}      - name: order_ref\n        pattern: 'ORD-\\d{8}'\n`);
		expect(message).toContain('"umami.sanitization.patterns"');
		expect(message).toContain('entry 1 ("order_ref") has an unknown key "pattern" — did you mean "regex"?');
		expect(message).not.toContain('got a list');
	});

	it('a near miss gets the same did-you-mean as unknown keys; a missing key is named', () => {
		expect(errorOf(`${head}      - name: a\n        regex: a\n      - name: b\n        regx: b\n`)).toContain(
			'entry 2 ("b") has an unknown key "regx" — did you mean "regex"?',
		);
		expect(errorOf(`${head}      - name: c\n`)).toContain('entry 1 ("c") has no "regex" string');
	});
});
