import {describe, expect, it} from 'vitest';
import {inspect} from 'node:util';
import {isUmamiGuardError, type UmamiGuardError} from '../../src/errors.js';
import {createTestAnalytics} from '../../src/testing/index.js';

describe("errors of the caller's hooks", () => {
	it('carry their own code, HOOK_FAILED, not INVALID_INPUT', async () => {
		const errors: UmamiGuardError[] = [];
		const test = createTestAnalytics({
			beforeSend: () => {
				throw new Error('hook bug');
			},
			onError: (error) => {
				if (isUmamiGuardError(error)) errors.push(error);
			},
		});
		test.analytics.trackEvent('kept');
		test.analytics.reportHookError('extraData', new TypeError('bad'));
		await test.analytics.flush();
		expect(errors.map((error) => [error.code, error.message])).toEqual([
			['HOOK_FAILED', 'beforeSend threw; the event was kept unchanged'],
			['HOOK_FAILED', 'extraData threw; its result was ignored'],
		]);
		await test.analytics.shutdown();
	});

	it("hand on the thrown error's class name only, never its message (beforeSend, waitUntil, extraData)", async () => {
		const errors: Error[] = [];
		const secret = (hook: string): Error => new RangeError(`${hook} cannot process jane@example.com`);
		const test = createTestAnalytics({
			beforeSend: () => {
				throw secret('beforeSend');
			},
			waitUntil: () => {
				throw secret('waitUntil');
			},
			onError: (error) => errors.push(error),
		});
		test.analytics.trackEvent('kept');
		test.analytics.reportHookError('extraData', secret('extraData'));
		await test.analytics.flush();
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(errors.map((error) => (isUmamiGuardError(error) ? error.code : error.name))).toEqual([
			'HOOK_FAILED',
			'HOOK_FAILED',
			'HOOK_FAILED',
		]);
		for (const error of errors) {
			expect(error.cause).toBe('RangeError');
			expect(inspect(error, {depth: 10})).not.toContain('jane');
		}
		await test.analytics.shutdown();
	});
});
