/**
 * Property names that must never be copied from user input onto a new object: assigning `__proto__` changes
 * the object's prototype, and `constructor`/`prototype` mislead code that reads them later.
 * This file is a leaf: it imports nothing, so every stage may depend on it.
 */

/** `__proto__`, `constructor`, `prototype`: dropped wherever user-supplied keys are copied. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
