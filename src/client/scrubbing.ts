/**
 * The scrubbing stage of one instance, set up once: the sanitizer (the configured rules, plus the API key as a
 * secret of a known value), its redactions and removals counted, the limit adjustments noted, and the
 * {@link Scrubber} (sanitizer → limits → final gate) over them.
 */
import type {ResolvedConfig} from '../config/resolve.js';
import type {NoteAdjustment} from '../gate/limits.js';
import {Scrubber} from '../gate/scrubber.js';
import {createSanitizer, type CustomPattern, type PiiClass, type Sanitizer} from '../sanitize/index.js';
import type {InstanceLogger} from './logger.js';
import type {Counters} from './stats.js';

/** The parts of the scrubbing stage the client wires. */
export interface Scrubbing {
	readonly sanitizer: Sanitizer;
	/** Counts a limit adjustment (and says what it was in debug output). */
	readonly note: NoteAdjustment;
	readonly scrub: Scrubber;
}

/** The configured API key as a pattern of its own: redacted wherever it shows up. */
function apiKeyPatterns(apiKey: string | undefined): CustomPattern[] {
	if (!apiKey) return [];
	return [
		{
			name: 'api_key',
			pattern: new RegExp(apiKey.replace(/[$()*+.?[\\\]^{|}]/g, '\\$&'), 'g'),
			marker: '[REDACTED_API_KEY]',
		},
	];
}

/** Sets up the scrubbing stage of an instance; `onRedact` is the user's hook, if any. */
export function createScrubbing(
	config: ResolvedConfig,
	counts: Counters,
	log: InstanceLogger,
	onRedact: ((cls: PiiClass) => void) | undefined,
): Scrubbing {
	const redacted = counts.redacted;
	const note: NoteAdjustment = config.debug
		? (field, what) => {
				counts.adjusted++;
				log.debug(`adjusted ${field}: ${what}`);
			}
		: () => {
				counts.adjusted++;
			};
	const sanitizer = createSanitizer({
		...config.sanitizer,
		patterns: [...(config.sanitizer.patterns ?? []), ...apiKeyPatterns(config.apiKey)],
		onRemove: (what) => {
			note('data', what);
		},
		onRedact: (cls) => {
			counts.hits++;
			redacted[cls] = (redacted[cls] ?? 0) + 1;
			if (onRedact) {
				try {
					onRedact(cls);
				} catch {
					// User hooks never break tracking.
				}
			}
		},
	});
	const scrub = new Scrubber({
		sanitizer,
		note,
		hits: () => counts.hits,
		adjustments: () => counts.adjusted,
		allowKeys: config.sanitizer.allowKeys ?? [],
		maxKeys: config.sanitizer.maxKeys ?? 200,
	});
	return {sanitizer, note, scrub};
}
