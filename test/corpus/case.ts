/**
 * The labelled case the generators write: the JSONL shape of test/fixtures/pii (id, kind, input, pii, keep) plus
 * the labels the score script breaks its figures down by. A PII span counts as removed when it no longer occurs in
 * the output, a keep string as kept when it still does.
 */
import type {CorpusCase} from '../../scripts/score-sanitizer.js';

/** One labelled input: the corpus case of the score script plus the labels its figures are broken down by. */
export interface GeneratedCase extends CorpusCase {
	/** The PII class of the case, or `keep` when it holds none. */
	class: string;
	/** The form the item takes (`phone/national-slash`, `secret/stripe`, `keep/date`, …). */
	family: string;
	/** Region (ISO 3166 code, phones) or faker locale / language the case was written in. */
	locale: string;
	/** Phones only: libphonenumber-js's number type (`MOBILE`, `FIXED_LINE`, `TOLL_FREE`, …). */
	numberType?: string;
	/** Phones only: `top-40` for the 40 countries with the most web traffic, `other` elsewhere. */
	regionGroup?: 'top-40' | 'other';
}

export type CaseDraft = Omit<GeneratedCase, 'id'>;

/** Every key and leaf of an input, one per line: what a label must be found in. */
export function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === null || value === undefined) return '';
	if (typeof value !== 'object') return String(value);
	const parts: string[] = [];
	for (const [k, v] of Object.entries(value as Record<string, unknown>)) parts.push(k, textOf(v));
	return parts.join('\n');
}

/**
 * Collects cases and numbers them per family; a draft whose labels do not hold (a PII span missing from the input
 * or inside a keep string, a keep string missing) is refused and counted, so a generator's chance collision never
 * becomes a wrong label.
 */
export class CaseSink {
	readonly cases: GeneratedCase[] = [];
	rejected = 0;
	readonly #perFamily = new Map<string, number>();

	constructor(readonly prefix: string) {}

	add(draft: CaseDraft): boolean {
		if (!labelsHold(draft)) {
			this.rejected++;
			return false;
		}
		const n = (this.#perFamily.get(draft.family) ?? 0) + 1;
		this.#perFamily.set(draft.family, n);
		const id = `${this.prefix}-${draft.family.replaceAll('/', '-')}-${String(n).padStart(4, '0')}`;
		this.cases.push({id, ...draft});
		return true;
	}
}

function labelsHold(d: CaseDraft): boolean {
	const text = textOf(d.input);
	for (const p of d.pii) {
		// Exactly once, so a correct redaction of that span leaves no other copy to count as a leak.
		if (p.value.length < 3 || text.split(p.value).length !== 2) return false;
		for (const k of d.keep) if (k.includes(p.value) || p.value.includes(k)) return false;
	}
	for (const k of d.keep) if (k === '' || !text.includes(k)) return false;
	return d.pii.length > 0 || d.keep.length > 0;
}
