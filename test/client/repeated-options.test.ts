/**
 * `getAnalytics(name, options)` creates the instance from the first call's options; a later call with other
 * options changes nothing, and says so once per name instead of ignoring them silently. The check loads on
 * first use (outside the core's bytes), so the warning comes a few microtasks after the call.
 */
import {afterEach, beforeEach, describe, expect, it, vi, type MockInstance} from 'vitest';
import type {AnalyticsOptions} from '../../src/config/options.js';
import {getAnalytics, shutdownAll} from '../../src/client/registry.js';

const ignore = (): void => undefined;

function options(overrides: AnalyticsOptions = {}): AnalyticsOptions {
	return {
		websiteId: '00000000-0000-4000-8000-000000000001',
		apiUrl: 'http://127.0.0.1:9',
		configFile: false,
		env: {},
		flushIntervalMs: 60_000,
		sanitization: {sensitiveKeys: ['ticket'], patterns: [{name: 'ticket', pattern: /TCK-\d{6}/g}]},
		onDrop: ignore,
		...overrides,
	};
}

describe('getAnalytics called again for the same name', () => {
	let warnings: MockInstance<typeof process.emitWarning>;

	beforeEach(() => {
		warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
	});
	afterEach(async () => {
		warnings.mockRestore();
		await shutdownAll(100);
	});

	function ourWarnings(): string[] {
		return warnings.mock.calls
			.map(([message]) => String(message))
			.filter((text) => text.includes('umami-guard'));
	}

	it('warns once per name when the options differ, and keeps the first ones', async () => {
		const first = getAnalytics('repeat', options());
		expect(getAnalytics('repeat', options({hostname: 'other.example'}))).toBe(first);
		expect(getAnalytics('repeat', options({debug: true}))).toBe(first);
		await vi.waitFor(() => expect(ourWarnings()).not.toEqual([]));
		expect(ourWarnings()).toEqual([
			expect.stringContaining("getAnalytics('repeat') called again with other options: they are ignored"),
		]);
		expect(ourWarnings()[0]).toContain("the instance keeps the first call's");

		getAnalytics('another', options());
		getAnalytics('another', options({hostname: 'other.example'}));
		await vi.waitFor(() => expect(ourWarnings()).toHaveLength(2));
		expect(ourWarnings()[1]).toContain("getAnalytics('another')");
	});

	it('says it through the logger of the call, when it has one', async () => {
		const logged: string[] = [];
		getAnalytics('logged', options());
		getAnalytics('logged', options({logger: {warn: (message) => logged.push(message)}}));
		await vi.waitFor(() => expect(logged).not.toEqual([]));
		expect(logged).toEqual([expect.stringContaining('they are ignored')]);
		expect(ourWarnings()).toEqual([]);
	});

	it('stays silent for no options or the same options again', async () => {
		const first = getAnalytics('same', options());
		expect(getAnalytics('same')).toBe(first);
		expect(getAnalytics('same', options())).toBe(first); // a new object that says the same
		// A call that does warn, after them: once it has, every check before it has run too.
		getAnalytics('marker', options());
		getAnalytics('marker', options({debug: true}));
		await vi.waitFor(() => expect(ourWarnings()).not.toEqual([]));
		expect(ourWarnings()).toEqual([expect.stringContaining("getAnalytics('marker')")]);
	});
});
