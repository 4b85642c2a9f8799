import {describe, expect, it} from 'vitest';
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
});
