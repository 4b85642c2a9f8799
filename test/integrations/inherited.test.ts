/**
 * The per-prototype reads of inherited getters and methods (`inherited.ts`) that the Express adapter uses on
 * `req`/`res`: the same values as plain reads, own properties first, each prototype with its own accessors.
 */
import {describe, expect, it} from 'vitest';
import {methodOf, readInherited, readKeyed} from '../../src/integrations/inherited.js';

class Base {
	calls = 0;
	get value(): string {
		this.calls++;
		return `base:${this.calls}`;
	}
	greet(): string {
		return 'base';
	}
}
class Other extends Base {
	override get value(): string {
		return 'other';
	}
	override greet(): string {
		return 'other';
	}
}

describe('readInherited / methodOf', () => {
	it('calls the inherited getter on the object, every time', () => {
		const object = new Base();
		expect(readInherited(object, 'value')).toBe('base:1');
		expect(readInherited(object, 'value')).toBe('base:2');
		expect(methodOf(object, 'greet')).toBe(Base.prototype.greet);
	});

	it('keeps each prototype apart: a subclass, or an object whose prototype was swapped', () => {
		const base = new Base();
		const other = new Other();
		expect(readInherited(base, 'value')).toBe('base:1');
		expect(readInherited(other, 'value')).toBe('other');
		expect((methodOf(other, 'greet') as () => string).call(other)).toBe('other');
		// Express swaps prototypes per request: the next read goes by the prototype the object has now.
		Object.setPrototypeOf(base, Other.prototype);
		expect(readInherited(base, 'value')).toBe('other');
		expect(methodOf(base, 'greet')).toBe(Other.prototype.greet);
	});

	it('reads an own property as a plain read would (a middleware that replaced req.headers)', () => {
		const object = new Base();
		readInherited(object, 'value');
		Object.defineProperty(object, 'value', {value: 'own'});
		const greet = (): string => 'own';
		Object.assign(object, {greet});
		expect(readInherited(object, 'value')).toBe('own');
		expect(methodOf(object, 'greet')).toBe(greet);
	});

	it('reads plain values on the chain, missing names and null prototypes as plain reads do', () => {
		const proto = {flag: true, method: 42};
		const object = Object.create(proto) as object;
		expect(readInherited(object, 'flag')).toBe(true);
		expect(readInherited(object, 'missing')).toBeUndefined();
		expect(methodOf(object, 'method')).toBe(42);
		const bare = Object.assign(Object.create(null) as object, {x: 1});
		expect(readInherited(bare, 'x')).toBe(1);
		expect(readInherited(bare, 'y')).toBeUndefined();
	});

	it('readKeyed: own first, inherited getters called on the object, after a prototype swap too', () => {
		const object = new Base();
		expect(readKeyed(object, 'value')).toBe('base:1');
		expect(readKeyed(object, 'calls')).toBe(1);
		Object.setPrototypeOf(object, Other.prototype);
		expect(readKeyed(object, 'value')).toBe('other');
		expect(readKeyed(object, 'greet')).toBe(Other.prototype.greet);
		Object.defineProperty(object, 'value', {value: 'own'});
		expect(readKeyed(object, 'value')).toBe('own');
		expect(readKeyed(object, 'missing')).toBeUndefined();
	});
});
