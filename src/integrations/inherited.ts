/**
 * Reads of what a request or response inherits (a getter such as `req.headers`, a method such as `res.on`)
 * without V8's per-request property lookup. Express 5 swaps the prototypes of `req` and `res` per request, so
 * no two requests share a hidden class: every read of an inherited property misses V8's inline cache and
 * walks the prototype chain in V8's runtime (`res.on` is six prototypes up, on `EventEmitter.prototype`).
 * Here the getter or method is looked up once per prototype and property name (a `WeakMap` keyed by the
 * prototype, so an app's prototypes are not kept alive) and called on the object. An own property of the
 * object (a middleware that replaced `req.headers`) is read as a plain property read would, and so is a
 * plain value found on the chain. A getter or method redefined on a prototype after the first read of that
 * name through it is not seen: Express apps define theirs before they serve.
 */

/** What the chain above a prototype holds under one name: its descriptor, or null for nothing. */
type Found = PropertyDescriptor | null;

const byPrototype = new WeakMap<object, Map<string, Found>>();

/** The descriptor `object` inherits as `name`, or undefined when it has its own property or inherits none. */
function inherited(object: object, name: string): PropertyDescriptor | undefined {
	if (Object.hasOwn(object, name)) return undefined;
	const prototype = Object.getPrototypeOf(object) as object | null;
	if (prototype === null) return undefined;
	let names = byPrototype.get(prototype);
	if (names === undefined) {
		names = new Map();
		byPrototype.set(prototype, names);
	}
	let found = names.get(name);
	if (found === undefined) {
		found = lookUp(prototype, name);
		names.set(name, found);
	}
	return found ?? undefined;
}

/** The first descriptor of `name` on `prototype` and the prototypes above it. */
function lookUp(prototype: object, name: string): Found {
	for (let holder: object | null = prototype; holder !== null; holder = Object.getPrototypeOf(holder)) {
		const descriptor = Object.getOwnPropertyDescriptor(holder, name);
		if (descriptor !== undefined) return descriptor;
	}
	return null;
}

/** `object[name]`, with an inherited getter called directly. */
export function readInherited(object: object, name: string): unknown {
	const getter = inherited(object, name)?.get;
	return getter === undefined ? (object as Record<string, unknown>)[name] : getter.call(object);
}

/** The method `object[name]`, an inherited one found without a property read (call it on `object`). */
export function methodOf(object: object, name: string): unknown {
	const value: unknown = inherited(object, name)?.value;
	return typeof value === 'function' ? value : (object as Record<string, unknown>)[name];
}

/**
 * `object[name]` as a keyed read (`name` is not known where the read is compiled). On Express's `req`/`res`,
 * whose hidden class is new for each request, a named read such as `res.statusCode` misses V8's caches and
 * goes into V8's runtime to look the property up and fill the cache; the keyed read's generic path looks it
 * up in the object's own property list (and up its prototype chain) without leaving the generated code.
 * Same value as the plain read: own properties first, inherited getters called on `object`.
 */
export function readKeyed(object: object, name: string): unknown {
	return (object as Record<string, unknown>)[name];
}
