import {describe, expect, it} from 'vitest';
import {CORE_CLASSES, loadCorpus, score, umamiGuard} from '../../scripts/score-sanitizer.js';

describe('labelled corpus (test/fixtures/pii)', () => {
	const corpus = loadCorpus();
	const s = score(umamiGuard(), corpus);

	it('has several hundred cases across text, URLs and objects', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(600);
		for (const kind of ['text', 'url', 'object']) expect(corpus.some((c) => c.kind === kind)).toBe(true);
	});

	it('removes ≥ 99 % of core PII and ≥ 97 % per core class', () => {
		expect(s.coreRecall, s.leaks.join('\n')).toBeGreaterThanOrEqual(0.99);
		for (const cls of CORE_CLASSES) {
			const e = s.perClass[cls];
			expect(e, cls).toBeDefined();
			expect((e?.removed ?? 0) / (e?.total ?? 1), cls).toBeGreaterThanOrEqual(0.97);
		}
	});

	it('keeps ≥ 98 % of must-keep strings', () => {
		expect(s.keepRate, s.overRedactions.join('\n')).toBeGreaterThanOrEqual(0.98);
	});
});
