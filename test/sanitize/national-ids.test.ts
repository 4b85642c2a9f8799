/**
 * SSNs after their labels in any grouping, and national ids with a check digit or a label (issue 15): Canada's
 * SIN after its label, France's NIR by its key, Spain's DNI by its letter, the UK's NINO after its label.
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeText} from '../../src/sanitize/index.js';
import {describeCleanFamilies} from './generated-families.js';

// The labelled forms below the 3-2-4 shape, the 9xx and advertising ranges after a label, and SINs leaked on main.
describeCleanFamilies([
	'ssn/labelled',
	'ssn/labelled-3-3-3',
	'ssn/labelled-other-range',
	'national-id/ca-sin',
]);

describe('SSN labels', () => {
	it.each([
		['SSN 123 456 789', 'SSN [REDACTED_SSN]'],
		['Social Security No. 987-65-4321', 'Social Security No. [REDACTED_SSN]'],
		['SSN (primary applicant): 123.45.6789', 'SSN (primary applicant): [REDACTED_SSN]'],
		['ITIN 912-70-1234', 'ITIN [REDACTED_SSN]'],
		['SIN 046 454 286', 'SIN [REDACTED_SSN]'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it.each(['basin 123 456 789', 'casino 123 456 789', 'qty 123 456 789'])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
	});
});
