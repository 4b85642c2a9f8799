import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {cleanHostname, firstLanguage} from '../../src/client/context.js';

/** The rule as first written (split + regex): the one-pass version must agree with it on every input. */
function reference(host: string | undefined): string | undefined {
	if (!host) return undefined;
	let name = host.trim().toLowerCase();
	if (name.startsWith('[')) return undefined;
	const colon = name.indexOf(':');
	if (colon !== -1) name = name.slice(0, colon);
	if (name.endsWith('.')) name = name.slice(0, -1);
	if (name.length === 0 || name.length > 100) return undefined;
	for (const label of name.split('.')) {
		if (label.length === 0 || label.startsWith('-') || label.endsWith('-') || !/^[\da-z-]+$/.test(label))
			return undefined;
	}
	return name;
}

describe('cleanHostname', () => {
	it('keeps host names Umami accepts, without the port; refuses the rest', () => {
		expect(cleanHostname('Shop.Example.com:8443')).toBe('shop.example.com');
		expect(cleanHostname('example.com.')).toBe('example.com');
		expect(cleanHostname('127.0.0.1:3000')).toBe('127.0.0.1');
		expect(cleanHostname('xn--mnchen-3ya.de')).toBe('xn--mnchen-3ya.de');
		for (const bad of ['[::1]:80', '-a.com', 'a-.com', 'a..com', '.a.com', 'a_b.com', 'jane@example.com', ''])
			expect(cleanHostname(bad), bad).toBeUndefined();
		expect(cleanHostname(`${'a'.repeat(96)}.com`)).toBe(`${'a'.repeat(96)}.com`);
		expect(cleanHostname(`${'a'.repeat(97)}.com`)).toBeUndefined();
	});

	it('agrees with the split-and-regex rule on any input', () => {
		const chars = fc.constantFrom(...'aZ09-.:[]_ @é'.split(''));
		fc.assert(
			fc.property(fc.array(chars, {maxLength: 30}), (parts) => {
				const host = parts.join('');
				expect(cleanHostname(host)).toBe(reference(host));
			}),
			{numRuns: 3000},
		);
	});
});

describe('firstLanguage', () => {
	it('takes the first tag of Accept-Language, or nothing', () => {
		expect(firstLanguage('en-US,en;q=0.9')).toBe('en-US');
		expect(firstLanguage('*')).toBeUndefined();
		expect(firstLanguage('not a tag')).toBeUndefined();
	});
});
