/**
 * A copy of umami-guard of another breaking version owns the process's registry: this copy must not use
 * that copy's table (its instances and layout are another version's), keeps its own and says so once.
 */
import {afterAll, describe, expect, it, vi} from 'vitest';

const KEY = Symbol.for('umami-guard.instances');
const theirs = {version: '9.2.0', entries: new Map<string, unknown>()};

describe('a registry owned by an incompatible copy', () => {
	const global = globalThis as Record<symbol, unknown>;
	afterAll(() => {
		Reflect.deleteProperty(global, KEY);
	});

	it('is left alone: this copy keeps its own instances and warns once', async () => {
		global[KEY] = theirs;
		const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
		const {getAnalytics, shutdownAll} = await import('../../src/client/registry.js');
		const options = {websiteId: '00000000-0000-4000-8000-000000000001', configFile: false as const, env: {}};
		const analytics = getAnalytics('mine', options);
		expect(getAnalytics('mine')).toBe(analytics);
		getAnalytics('other', options);
		expect(theirs.entries.size).toBe(0);
		await vi.waitFor(() => expect(warnings).toHaveBeenCalled());
		const ours = warnings.mock.calls.map(([message]) => String(message));
		expect(ours).toEqual([expect.stringContaining('umami-guard 9.2.0 is loaded in this process too')]);
		await shutdownAll(100);
		warnings.mockRestore();
	});
});
