/**
 * The sanitizer bench's second workload: the inputs of the generated corpora (test/corpus, both splits), split by
 * kind so text, URLs and objects are measured apart, and timed in CPU time (`process.cpuUsage`), which a loaded
 * machine disturbs less than wall time.
 */
import type {GeneratedCase} from '../test/corpus/index.js';
import type {Subject} from '../scripts/score-sanitizer.js';

/** The generated inputs of each kind, and their size in bytes (objects: as JSON). */
export interface GeneratedMix {
	text: string[];
	url: string[];
	object: unknown[];
	bytes: Record<Kind, number>;
}

export const KINDS = ['text', 'url', 'object'] as const;
export type Kind = (typeof KINDS)[number];

/** The inputs of generated cases, by kind. */
export function generatedMix(cases: readonly GeneratedCase[]): GeneratedMix {
	const mix: GeneratedMix = {text: [], url: [], object: [], bytes: {text: 0, url: 0, object: 0}};
	for (const c of cases) {
		if (c.kind === 'object') {
			mix.object.push(c.input);
			mix.bytes.object += Buffer.byteLength(JSON.stringify(c.input));
		} else {
			mix[c.kind].push(String(c.input));
			mix.bytes[c.kind] += Buffer.byteLength(String(c.input));
		}
	}
	return mix;
}

function cpuMs(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
}

/** CPU ms of one pass of `subject` over the inputs of one kind. */
export function kindPass(subject: Subject, mix: GeneratedMix, kind: Kind): number {
	const t = cpuMs();
	if (kind === 'object') for (const o of mix.object) subject.object(o);
	else for (const s of mix[kind]) subject[kind](s);
	return cpuMs() - t;
}
