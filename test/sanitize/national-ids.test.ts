/**
 * SSNs after their labels in any grouping, and national ids with a check digit or a label (issue 15): Canada's
 * SIN after its label, France's NIR by its key, Spain's DNI by its letter, the UK's NINO after its label.
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeText} from '../../src/sanitize/index.js';
import {isFrenchNir} from '../../src/sanitize/national-ids.js';
import {describeCleanFamilies} from './generated-families.js';

// The labelled forms below the 3-2-4 shape, the 9xx and advertising ranges after a label, and SINs leaked on main.
describeCleanFamilies([
	'ssn/labelled',
	'ssn/labelled-3-3-3',
	'ssn/labelled-other-range',
	'national-id/ca-sin',
	'ssn/codice-fiscale',
	'ssn/cpf',
	'keep/national-id-bad-check',
]);

describe('national ids by their check characters, without a label', () => {
	it.each([
		['customer RSSMRA85T10A562S registered', 'customer [REDACTED_SSN] registered'],
		['cadastro 529.982.247-25 concluído', 'cadastro [REDACTED_SSN] concluído'],
	])('%s', (input, output) => {
		expect(sanitizeText(input)).toBe(output);
	});

	it.each([
		'order RSSMRA85T10A562T shipped',
		'v 529.982.247-26',
		'111.111.111-11',
		'lookup failed for 047.810.718-81 (retry 2)',
		'1.529.982.247-25',
		'529.982.247-25.1',
		'XRSSMRA85T10A562S',
	])('keeps %s', (input) => {
		expect(sanitizeText(input)).toBe(input);
	});
});

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

describe('national ids', () => {
	it.each([
		['NINO AB123456C', 'NINO [REDACTED_SSN]'],
		['National Insurance number: JG 12 34 56 A', 'National Insurance number: [REDACTED_SSN]'],
		['DNI 12345678Z', 'DNI [REDACTED_SSN]'],
		['cliente 12345678-Z registrado', 'cliente [REDACTED_SSN] registrado'],
		['NIE X1234567L', 'NIE [REDACTED_SSN]'],
		['NIR 1 84 12 76 451 089 46', 'NIR [REDACTED_SSN]'],
		['n° 184127645108946', 'n° [REDACTED_SSN]'],
	])('%s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it.each([
		'code AB123456C',
		'NINO GB123456A',
		'lote 12345678A',
		'NIE X1234567A',
		'ref 184127645108947',
		'AB123456CD',
		'123456789Z',
	])('keeps %s', (s) => {
		expect(sanitizeText(s)).toBe(s);
	});

	it('NIR key', () => {
		expect(isFrenchNir('184127645108946')).toBe(true);
		expect(isFrenchNir('184127645108947')).toBe(false);
		expect(isFrenchNir('584127645108946')).toBe(false);
	});
});
