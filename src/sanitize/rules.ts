/**
 * What every scan reads from the options, derived once per sanitizer and shared by its compiled scans.
 */
import {createKeyJudge} from './keys.js';
import type {NormalizedOptions} from './options.js';

/** The options with their derived judges and gates. */
export interface Rules {
	readonly o: NormalizedOptions;
	/** Key judge for `data()` keys and `key=value` in text. */
	readonly dataKeyIsSensitive: (key: string) => boolean;
	/** Key judge for query parameter names (broader: `code`, `state`, `sig`, …). */
	readonly queryKeyIsSensitive: (key: string) => boolean;
	/** Lower-cased keys whose values are kept as they are. */
	readonly allowKeys: ReadonlySet<string>;
	/** Exact values that are kept as they are. */
	readonly allowValues: ReadonlySet<string>;
	readonly hasAllowValues: boolean;
	/** Without custom patterns, `isPlainShort` strings pass every built-in detector untouched. */
	readonly fastPlain: boolean;
	/** Whether any number class (phones, cards, SSNs) is enabled. */
	readonly numbers: boolean;
}

/** Derives the {@link Rules} of a sanitizer from its normalized options. */
export function compileRules(o: NormalizedOptions): Rules {
	return {
		o,
		dataKeyIsSensitive: createKeyJudge(o.sensitiveKeys, false),
		queryKeyIsSensitive: createKeyJudge(o.sensitiveKeys, true),
		allowKeys: o.allowKeys,
		allowValues: o.allowValues,
		hasAllowValues: o.allowValues.size > 0,
		fastPlain: o.patterns.length === 0,
		numbers: o.phones || o.cards || o.ssns,
	};
}
