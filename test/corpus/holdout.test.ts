/**
 * The holdout split of the generated corpora, scored against the built package (`dist/sanitize.js`, what users
 * run; `npm run build` first). Prints the aggregate figures — never a case — and fails when a figure falls below
 * its floor: the value measured when the sanitizer last moved it, minus two points. The targets are
 * asserted when the sanitizer work that reaches them lands; until then these floors only catch regressions.
 */
import {describe, expect, it} from 'vitest';
import {createSanitizer} from '../../dist/sanitize.js';
import {
	breakdown,
	breakdownReport,
	fprOf,
	keepRateOf,
	recallOf,
	tprOf,
} from '../../scripts/score-breakdown.js';
import {umamiGuard} from '../../scripts/score-sanitizer.js';
import {generateCorpus} from './index.js';

/**
 * Holdout figures measured on branch leaks (issue 15's leaks round: `00` forms, product codes, labelled SSNs and
 * national ids, bare cloud keys, faker's email generators, numbers after sensitive keys) minus two points; FPR is
 * a ceiling (plus two).
 */
const FLOORS = {
	recall: 0.978,
	keepRate: 0.979,
	tpr: 0.978,
	fprCeiling: 0.022,
	classRecall: {
		api_key: 0.975,
		email: 0.98,
		home_path: 0.975,
		iban: 0.98,
		jwt: 0.98,
		national_id: 0.98,
		phone: 0.978,
		secret: 0.98,
		ssn: 0.98,
	},
	keepClassKeepRate: 0.978,
} as const;

describe('generated holdout corpus, built package', () => {
	const b = breakdown(umamiGuard(createSanitizer), generateCorpus('holdout'));

	it('prints the aggregate and holds the floors of main', () => {
		console.log(
			`generated holdout, dist/sanitize.js\n${breakdownReport(b, {dimensions: ['class', 'family', 'regionGroup', 'kind']})}`,
		);
		expect(recallOf(b.total)).toBeGreaterThanOrEqual(FLOORS.recall);
		expect(keepRateOf(b.total)).toBeGreaterThanOrEqual(FLOORS.keepRate);
		expect(tprOf(b.total)).toBeGreaterThanOrEqual(FLOORS.tpr);
		expect(fprOf(b.total)).toBeLessThanOrEqual(FLOORS.fprCeiling);
		for (const [cls, floor] of Object.entries(FLOORS.classRecall)) {
			const t = b.by.class.get(cls);
			expect(t, cls).toBeDefined();
			if (t) expect(recallOf(t), cls).toBeGreaterThanOrEqual(floor);
		}
		const keep = b.by.class.get('keep');
		expect(keep).toBeDefined();
		if (keep) expect(keepRateOf(keep)).toBeGreaterThanOrEqual(FLOORS.keepClassKeepRate);
	});
});
