import {describe, expect, it} from 'vitest';
import {ProvenSet} from '../../src/gate/proven.js';

describe('ProvenSet', () => {
	it('keeps the values in use across generations and forgets one-off values', () => {
		const set = new ProvenSet(4);
		set.add('hot');
		for (let index = 0; index < 20; index++) {
			expect(set.has('hot')).toBe(true);
			set.add(`once-${index}`);
		}
		expect(set.has('once-0')).toBe(false);
		expect(set.has('once-19')).toBe(true);
	});

	it('stops learning while lookups keep missing, and learns again every 8th window', () => {
		const set = new ProvenSet(16);
		const miss = (count: number): void => {
			for (let index = 0; index < count; index++) set.has(`miss-${index}`);
		};
		miss(16); // window 1: no hit
		set.add('a');
		expect(set.has('a')).toBe(false); // lookup 1 of window 2
		miss(15 + 16 * 5); // windows 2 to 7: no hit
		set.add('b');
		expect(set.has('b')).toBe(false); // lookup 1 of window 8
		miss(15); // window 8 ends: the 8th window learns
		set.add('c');
		expect(set.has('c')).toBe(true);
	});

	it('looks nothing up while it does not learn, and finds what it kept once a window learns again', () => {
		const set = new ProvenSet(16);
		set.add('kept');
		for (let index = 0; index < 15; index++) set.has(`miss-${index}`);
		// The 16th lookup opens window 2, which neither learns nor looks up after 15 misses out of 15.
		expect(set.has('kept')).toBe(false);
		expect(set.learning).toBe(false);
		for (let index = 0; index < 16 * 7 - 1; index++) set.has(`miss-${index}`);
		// Every 8th window learns (and looks up) again: what the set held is still there.
		expect(set.has('kept')).toBe(true);
		expect(set.learning).toBe(true);
	});

	it('keeps learning while lookups hit', () => {
		const set = new ProvenSet(16);
		set.add('a');
		for (let index = 0; index < 100; index++) set.has('a');
		set.add('b');
		expect(set.has('b')).toBe(true);
	});

	it('judges a window by the outcomes a caller tallies, not by what find() found', () => {
		const set = new ProvenSet(16);
		set.add('repeated');
		for (let index = 0; index < 16; index++) {
			// Found every time, yet the caller's group of lookups never paid off.
			expect(set.find('repeated')).toBe(true);
			set.tally(false);
		}
		expect(set.learning).toBe(false);
		expect(set.find('repeated')).toBe(false);
		set.add('new'); // not learned: window 2 does not learn
		for (let index = 0; index < 16 * 7; index++) set.tally(false);
		// Every 8th window learns again, and 1 tallied hit in 16 keeps the next one learning.
		expect(set.learning).toBe(true);
		for (let index = 0; index < 16; index++) set.tally(index === 0);
		expect(set.learning).toBe(true);
		expect(set.find('repeated')).toBe(true);
		expect(set.find('new')).toBe(false);
	});
});
