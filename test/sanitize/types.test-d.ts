import {describe, expectTypeOf, it} from 'vitest';
import {
	createSanitizer,
	detectPii,
	isPiiDetected,
	sanitizeData,
	sanitizeText,
	sanitizeUrl,
	type PiiClass,
	type Sanitizer,
	type SanitizerOptions,
} from '../../src/sanitize/index.js';

describe('public types', () => {
	it('module helpers', () => {
		expectTypeOf(sanitizeText).toEqualTypeOf<(s: string) => string>();
		expectTypeOf(sanitizeUrl).toEqualTypeOf<(url: string) => string>();
		expectTypeOf(sanitizeData).returns.toEqualTypeOf<Record<string, unknown>>();
		expectTypeOf(isPiiDetected).returns.toBeBoolean();
		expectTypeOf(detectPii).returns.toEqualTypeOf<PiiClass[]>();
	});

	it('factory and options', () => {
		expectTypeOf(createSanitizer).parameter(0).toEqualTypeOf<SanitizerOptions | undefined>();
		expectTypeOf(createSanitizer).returns.toEqualTypeOf<Sanitizer>();
		expectTypeOf<PiiClass>().toEqualTypeOf<
			| 'email'
			| 'uuid'
			| 'jwt'
			| 'api_key'
			| 'secret'
			| 'phone'
			| 'card'
			| 'hex'
			| 'ip'
			| 'iban'
			| 'ssn'
			| 'mac'
			| 'user'
			| 'custom'
		>();
		expectTypeOf<SanitizerOptions['onRedact']>().toEqualTypeOf<((cls: PiiClass) => void) | undefined>();
		expectTypeOf<SanitizerOptions>().toMatchTypeOf<{
			emails?: boolean;
			patterns?: readonly {name: string; pattern: RegExp; marker?: string}[];
		}>();
		// @ts-expect-error — options are validated types: a string is not a boolean
		createSanitizer({emails: 'yes'});
		expectTypeOf<Sanitizer['detect']>().toEqualTypeOf<(value: unknown) => PiiClass[]>();
	});
});
