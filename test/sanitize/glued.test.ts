/**
 * PII glued to a word by `_`, `-`, `.` or a letter — in values and keys — is found like free-standing PII,
 * while ids and versions glued the same way (`order_1234567`, `build-20240315`, `v1.2.3.4567890`) are kept.
 */
import {describe, expect, it} from 'vitest';
import {isPiiDetected, sanitizeData, sanitizeText} from '../../src/sanitize/index.js';

const CARD = '4111111111111111';
const UUID = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const AWS = 'AKIAIOSFODNN7EXAMPLE';
const HEX = 'd41d8cd98f00b204e9800998ecf8427e';
// Base64url segments full of `-` and `_`, as fast-check generates them.
const JWT = 'eyJ-vd__5_-3-99H--n__9_.eyJ_-w-S6d4o-3_7146_yOO--9_-1.-_0--w_6-3S---__6_w9r-e_N_A3Choxi-x_sN';
const JWT2 =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

/** [input, expected output] */
const glued: [string, string][] = [
	[`user_${CARD}`, 'user_[REDACTED_CARD]'],
	[`order-${CARD}`, 'order-[REDACTED_CARD]'],
	[`ref.${CARD}`, 'ref.[REDACTED_CARD]'],
	[`card${CARD}x`, 'card[REDACTED_CARD]x'],
	['user_4111-1111-1111-1111_x', 'user_[REDACTED_CARD]_x'],
	[`ab_${JWT}`, 'ab_[REDACTED_JWT]'],
	[`x-y_${JWT2}`, 'x-y_[REDACTED_JWT]'],
	[`ref.${JWT2}`, 'ref.[REDACTED_JWT]'],
	[`id${UUID}x`, 'id[REDACTED_UUID]x'],
	[`user_${UUID}_v2`, 'user_[REDACTED_UUID]_v2'],
	[`session-${UUID.toUpperCase()}z`, 'session-[REDACTED_UUID]z'],
	[`key${AWS}x`, 'key[REDACTED_API_KEY]x'],
	[`aws_${AWS}_prod`, 'aws_[REDACTED_API_KEY]_prod'],
	['user_ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'user_[REDACTED_API_KEY]'],
	['user_john@example.com', '[REDACTED_EMAIL]'],
	['to:john.doe@example.com_x', 'to:[REDACTED_EMAIL]_x'],
	[`hash${HEX}x`, 'hash[REDACTED_HEX]x'],
	[`user_${HEX}`, 'user_[REDACTED_HEX]'],
	['ibanDE89370400440532013000x', 'iban[REDACTED_IBAN]x'],
	['acct_GB82WEST12345698765432', 'acct_[REDACTED_IBAN]'],
	['ssn_123-45-6789', 'ssn_[REDACTED_SSN]'],
	['ssn_123456789', 'ssn_[REDACTED_SSN]'],
	['user-123-45-6789', 'user-[REDACTED_SSN]'],
	['phone_4155552671', 'phone_[REDACTED_PHONE]'],
	['tel_+14155552671', 'tel_[REDACTED_PHONE]'],
	['user_+44 20 7946 0958', 'user_[REDACTED_PHONE]'],
];

/** Glued ids, versions and dates that are no PII. */
const kept = [
	'order_1234567',
	'order-1234567',
	'invoice_20240315001',
	'user_4155552671',
	'build-20240315',
	'v1.2.3.4567890',
	'release-120.0.6099.109',
	'2024-03-15T10:30:00Z',
	'ts_1710498153',
	`order_4111111111111112`,
	'sku-9780306406157x',
	'task-management-dashboard-v2x',
	'screen_1920x1080',
	'abc1234567def',
	'color_ff8800',
	'span_0123456789abcdef',
];

describe('PII glued to a word', () => {
	it.each(glued)('%s → %s', (input, expected) => {
		expect(sanitizeText(input)).toBe(expected);
		expect(isPiiDetected(input)).toBe(true);
	});

	it.each(kept)('keeps %s', (input) => {
		expect(sanitizeText(input)).toBe(input);
		expect(isPiiDetected(input)).toBe(false);
	});

	it('glued PII in keys and values is redacted in objects', () => {
		const out = sanitizeData({
			[`user_${CARD}`]: 1,
			[`ab_${JWT}`]: 2,
			a: `order-${CARD}`,
			b: `id${UUID}x`,
			c: `key${AWS}x`,
			order_id: 'order_1234567',
		});
		expect(out).toEqual({
			'user_[REDACTED_CARD]': 1,
			'ab_[REDACTED_JWT]': 2,
			a: 'order-[REDACTED_CARD]',
			b: 'id[REDACTED_UUID]x',
			c: 'key[REDACTED_API_KEY]x',
			order_id: 'order_1234567',
		});
		expect(isPiiDetected({[`ref.${CARD}`]: true})).toBe(true);
	});

	it('a formatted phone followed by a glued group keeps the group', () => {
		expect(sanitizeText('+33 2 97 79 90 33 1920x1080')).toBe('[REDACTED_PHONE] 1920x1080');
	});

	it('runs of glued look-alikes stay linear', () => {
		for (const unit of ['_eyJ', 'a_', 'x1', '_4', 'a-1.']) {
			const big = unit.repeat(25_000);
			const start = performance.now();
			sanitizeText(big);
			expect(performance.now() - start).toBeLessThan(2000);
		}
	});
});
