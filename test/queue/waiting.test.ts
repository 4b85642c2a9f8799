import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {Waiting, type Entry} from '../../src/queue/waiting.js';

const view = (entry: Entry<string> | undefined) =>
	entry === undefined ? undefined : {item: entry.item, seq: entry.seq, enqueuedAt: entry.enqueuedAt};

describe('Waiting', () => {
	it('keeps push order across growth and wrap-around, with returned entries in front', () => {
		const waiting = new Waiting<string>(16);
		for (let seq = 1; seq <= 10; seq++) waiting.push(`e${seq}`, seq, 1000 + seq);
		const first = waiting.shift()!;
		const second = waiting.shift()!;
		expect(waiting.shiftItem()).toBe('e3');
		for (let seq = 11; seq <= 40; seq++) waiting.push(`e${seq}`, seq, 1000 + seq);
		second.attempts = 2;
		waiting.unshift(second);
		waiting.unshift(first);
		expect(waiting.length).toBe(40 - 3 + 2);
		expect(view(waiting.at(0))).toEqual({item: 'e1', seq: 1, enqueuedAt: 1001});
		expect(waiting.at(1)?.attempts).toBe(2);
		expect(view(waiting.at(2))).toEqual({item: 'e4', seq: 4, enqueuedAt: 1004});
		expect(waiting.at(39)).toBeUndefined();
		expect(waiting.at(-1)).toBeUndefined();
		expect(waiting.drain().map((entry) => entry.seq)).toEqual([
			1,
			2,
			...Array.from({length: 37}, (_, i) => i + 4),
		]);
		expect(waiting.length).toBe(0);
		expect(waiting.shift()).toBeUndefined();
		expect(waiting.shiftItem()).toBeUndefined();
	});

	it('behaves like a plain array under any sequence of operations', () => {
		type Op = {kind: 'push'; n: number} | {kind: 'shift' | 'shiftItem' | 'return' | 'peek'; n: number};
		const op: fc.Arbitrary<Op> = fc.oneof(
			fc.record({kind: fc.constant('push' as const), n: fc.integer({min: 1, max: 40})}),
			fc.record({
				kind: fc.constantFrom('shift' as const, 'shiftItem' as const, 'return' as const, 'peek' as const),
				n: fc.integer({min: 0, max: 60}),
			}),
		);
		fc.assert(
			fc.property(fc.array(op, {maxLength: 80}), (ops) => {
				const waiting = new Waiting<string>(16);
				const model: {item: string; seq: number; enqueuedAt: number}[] = [];
				const taken: Entry<string>[] = [];
				let seq = 0;
				for (const {kind, n} of ops) {
					if (kind === 'push') {
						for (let index = 0; index < n; index++) {
							seq++;
							waiting.push(`e${seq}`, seq, seq * 10);
							model.push({item: `e${seq}`, seq, enqueuedAt: seq * 10});
						}
					} else if (kind === 'shift') {
						for (let index = 0; index < n % 8; index++) {
							const entry = waiting.shift();
							expect(view(entry)).toEqual(model.shift());
							if (entry !== undefined) taken.push(entry);
						}
					} else if (kind === 'shiftItem') {
						expect(waiting.shiftItem()).toBe(model.shift()?.item);
					} else if (kind === 'return') {
						// Entries come back in reverse order of leaving, as the queue's requeue does.
						for (let entry = taken.pop(); entry !== undefined; entry = taken.pop()) {
							waiting.unshift(entry);
							model.unshift({item: entry.item, seq: entry.seq, enqueuedAt: entry.enqueuedAt});
						}
					} else {
						expect(view(waiting.at(n))).toEqual(model[n]);
					}
					expect(waiting.length).toBe(model.length);
				}
				expect(waiting.drain().map(view)).toEqual(model);
			}),
		);
	});
});
