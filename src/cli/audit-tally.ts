/**
 * Counts what `audit` reads, in bounded memory: per field, the distinct values and their counts; per PII
 * class, the same plus a few redacted samples; the worst templates (the redacted value with digit runs
 * folded). Nothing raw is kept: a value is scanned, counted and forgotten; only its redaction survives, and
 * only when the detector found something in it. Repeats (2.x time windows) are recognised by a 53-bit hash,
 * kept for at most {@link TallyLimits.maxTracked} values.
 */
import {createSanitizer} from '../sanitize/sanitizer.js';
import type {PiiClass} from '../sanitize/options.js';
import type {AuditField, AuditRow} from './audit-sources.js';

/** Bounds of a {@link Tally}. */
export interface TallyLimits {
	/** Redacted samples kept per field and class. @default 3 */
	readonly samples: number;
	/** Templates kept per field (the rest are counted as "other"). @default 2000 */
	readonly templates: number;
	/** Values remembered (by hash) to recognise repeats. @default 1_000_000 */
	readonly maxTracked: number;
}

/** Counts of one PII class in one field. */
export interface ClassCount {
	distinct: number;
	count: number;
	samples: string[];
}

/** A redacted value with digit runs folded, and what it carries. */
export interface TemplateCount {
	template: string;
	distinct: number;
	count: number;
	classes: PiiClass[];
}

/** What one field holds. */
export interface FieldCount {
	field: AuditField;
	distinct: number;
	count: number;
	/** Values with at least one PII class. */
	flaggedDistinct: number;
	flaggedCount: number;
	classes: Partial<Record<PiiClass, ClassCount>>;
	templates: Map<string, TemplateCount>;
	/** Templates not kept because {@link TallyLimits.templates} was reached. */
	otherTemplates: number;
}

/** The aggregation of an audit. */
export interface Tally {
	add(row: AuditRow): void;
	fields(): FieldCount[];
	/** True when more values came than {@link TallyLimits.maxTracked}: distinct counts may be too high. */
	approximate(): boolean;
}

/** Longest sample printed (characters). */
const SAMPLE_LENGTH = 120;

/** Creates an empty {@link Tally}. */
export function createTally(limits: Partial<TallyLimits> = {}): Tally {
	const samples = limits.samples ?? 3;
	const maxTemplates = limits.templates ?? 2000;
	const maxTracked = limits.maxTracked ?? 1_000_000;
	let found: PiiClass[] = [];
	const sanitizer = createSanitizer({
		onRedact: (cls) => {
			if (!found.includes(cls)) found.push(cls);
		},
	});
	const checker = createSanitizer();
	const seen = new Map<number, PiiClass[] | null>();
	let overflow = false;
	const byField = new Map<AuditField, FieldCount>();

	const fieldOf = (field: AuditField): FieldCount => {
		let entry = byField.get(field);
		if (entry === undefined) {
			entry = {
				field,
				distinct: 0,
				count: 0,
				flaggedDistinct: 0,
				flaggedCount: 0,
				classes: {},
				templates: new Map(),
				otherTemplates: 0,
			};
			byField.set(field, entry);
		}
		return entry;
	};

	const redact = (row: AuditRow): string => {
		found = [];
		switch (row.field) {
			case 'path': {
				return sanitizer.url(row.value);
			}
			case 'query': {
				return sanitizer.url(`?${row.value}`).slice(1);
			}
			case 'event_data_value':
			case 'session_data': {
				const key = row.key ?? 'value';
				const value =
					row.dataType === 2 && Number.isFinite(Number(row.value)) ? Number(row.value) : row.value;
				const out = sanitizer.data({[key]: value});
				const [outKey, outValue] = Object.entries(out)[0] ?? [key, ''];
				return `${outKey}=${String(outValue)}`;
			}
			default: {
				return sanitizer.text(row.value);
			}
		}
	};

	return {
		add(row) {
			const entry = fieldOf(row.field);
			entry.count += row.count;
			const id = hashOf(row);
			const known = seen.get(id);
			if (known !== undefined) {
				// The same value again: a later time window on 2.x adds its count; a repeated page row does not.
				if (row.windowed !== true) {
					entry.count -= row.count;
					return;
				}
				if (known === null) return;
				entry.flaggedCount += row.count;
				for (const cls of known) {
					const counts = entry.classes[cls];
					if (counts !== undefined) counts.count += row.count;
				}
				return;
			}
			entry.distinct++;
			const redacted = redact(row);
			const classes = found;
			if (seen.size < maxTracked) seen.set(id, classes.length === 0 ? null : classes);
			else overflow = true;
			if (classes.length === 0) return;
			entry.flaggedDistinct++;
			entry.flaggedCount += row.count;
			const template = templateOf(redacted);
			const sample = checker.isPii(template) ? '[sample withheld]' : cut(template);
			for (const cls of classes) {
				const counts = (entry.classes[cls] ??= {distinct: 0, count: 0, samples: []});
				counts.distinct++;
				counts.count += row.count;
				if (counts.samples.length < samples && !counts.samples.includes(sample)) counts.samples.push(sample);
			}
			const kept = entry.templates.get(sample);
			if (kept !== undefined) {
				kept.distinct++;
				kept.count += row.count;
				for (const cls of classes) if (!kept.classes.includes(cls)) kept.classes.push(cls);
			} else if (entry.templates.size < maxTemplates) {
				entry.templates.set(sample, {template: sample, distinct: 1, count: row.count, classes: [...classes]});
			} else entry.otherTemplates++;
		},
		fields: () => [...byField.values()],
		approximate: () => overflow,
	};
}

/**
 * The redacted value with every run of two or more digits folded to `#` (ids, dates, counters), so values
 * that differ only by an id share one template.
 */
export function templateOf(redacted: string): string {
	let out = '';
	let run = 0;
	for (let index = 0; index <= redacted.length; index++) {
		const code = index < redacted.length ? redacted.charCodeAt(index) : -1;
		if (code >= 48 && code <= 57) {
			run++;
			continue;
		}
		if (run > 0) out += run >= 2 ? '#' : redacted.slice(index - run, index);
		run = 0;
		if (code !== -1) out += redacted[index];
	}
	return out;
}

function cut(text: string): string {
	return text.length <= SAMPLE_LENGTH ? text : `${text.slice(0, SAMPLE_LENGTH)}…`;
}

/** FNV-1a over field, key and value, two 32-bit lanes folded into 53 bits. */
function hashOf(row: AuditRow): number {
	let a = 0x811c9dc5;
	let b = 0x01000193;
	const mix = (text: string): void => {
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			a = Math.imul(a ^ code, 0x01000193);
			b = Math.imul(b ^ code, 0x5bd1e995);
		}
		a = Math.imul(a ^ 0xff, 0x01000193);
		b = Math.imul(b ^ 0xff, 0x5bd1e995);
	};
	mix(row.field);
	mix(row.key ?? '');
	mix(row.value);
	return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
