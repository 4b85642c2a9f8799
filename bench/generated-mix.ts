/**
 * The sanitizer bench's second workload: the inputs of the generated corpora (test/corpus, both splits), split by
 * kind so text, URLs and objects are measured apart, beside log lines and URLs in the shapes servers write them
 * (bench/realistic-lines.ts, filled by faker); timed in CPU time (`process.cpuUsage`), which a loaded machine
 * disturbs less than wall time.
 */
import type {GeneratedCase} from '../test/corpus/index.js';
import type {Subject} from '../scripts/score-sanitizer.js';
import {realisticLines} from './realistic-lines.js';

/** The generated inputs of each kind, and their size in bytes (objects: as JSON). */
export interface GeneratedMix {
	text: string[];
	url: string[];
	object: unknown[];
	/** Access and application log lines, scrubbed as text. */
	log: string[];
	/** Page and API URLs, scrubbed as URLs. */
	link: string[];
	bytes: Record<Kind, number>;
}

export const KINDS = ['text', 'url', 'object', 'log', 'link'] as const;
export type Kind = (typeof KINDS)[number];

/** How many log lines and URLs of the realistic shapes the mix holds. */
const REALISTIC_LINES = 3000;

/** The inputs of generated cases, by kind, and the realistic log lines and URLs. */
export function generatedMix(cases: readonly GeneratedCase[]): GeneratedMix {
	const {logs, urls} = realisticLines(REALISTIC_LINES);
	const size = (xs: readonly string[]): number => xs.reduce((n, s) => n + Buffer.byteLength(s), 0);
	const mix: GeneratedMix = {
		text: [],
		url: [],
		object: [],
		log: logs,
		link: urls,
		bytes: {text: 0, url: 0, object: 0, log: size(logs), link: size(urls)},
	};
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
	else if (kind === 'log') for (const s of mix.log) subject.text(s);
	else if (kind === 'link') for (const s of mix.link) subject.url(s);
	else for (const s of mix[kind]) subject[kind](s);
	return cpuMs() - t;
}
