/**
 * docs/delivery.md lists what `stats()` returns, drop reasons included: a reason added to the fixed union
 * must be documented there too (the README once listed reasons by hand, a copy that could go stale).
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {expect, it} from 'vitest';
import {DROP_REASONS} from '../../src/types.js';
import {repoRoot} from '../helpers/doc-blocks.js';

it('docs/delivery.md names every drop reason of stats().dropped', () => {
	const text = readFileSync(join(repoRoot, 'docs/delivery.md'), 'utf8');
	const stats = text.slice(text.indexOf('## `stats()`'));
	const missing = DROP_REASONS.filter((reason) => !new RegExp(`\\b${reason}\\b`).test(stats));
	expect(missing).toEqual([]);
});
