/**
 * The `audit` report: built from the tally, printed as text or as one JSON document. Everything it prints is
 * a count, a class name, a field name, advice, or a redacted template — never a value as Umami stores it.
 */
import type {PiiClass} from '../sanitize/options.js';
import {adviceFor, removalOptions} from './audit-advice.js';
import {unitOf, type AuditField, type CountUnit} from './audit-sources.js';
import type {ClassCount, Tally, TemplateCount} from './audit-tally.js';
import type {ExitCode, Output} from './io.js';
import type {ServerInfo} from './server-info.js';

/** The sentence at the top of every report. */
export const NO_RAW_VALUES =
	'This report never prints a stored value as it is: only counts, and samples redacted by the umami-guard sanitizer.';

/** One field of the report. */
export interface AuditFieldReport {
	field: AuditField;
	unit: CountUnit;
	distinct: number;
	count: number;
	flaggedDistinct: number;
	flaggedCount: number;
	classes: Partial<Record<PiiClass, ClassCount>>;
	/** The templates carrying the most, worst first. */
	worst: TemplateCount[];
	source?: string;
	fix?: string;
}

/** The `--json` document of `audit`. */
export interface AuditReport {
	ok: boolean;
	exitCode: ExitCode;
	notice: string;
	website: string;
	range: {from: string; to: string};
	server: ServerInfo;
	readApi: {via: string; requests: number};
	/** Every class found, in any field. */
	found: PiiClass[];
	failOn: string[];
	/** The `--fail-on` classes found. */
	failed: PiiClass[];
	fields: AuditFieldReport[];
	removal: string[];
	notes: string[];
	/** What could not be read: when not empty, the audit is incomplete and never says clean. */
	unread: string[];
	/** Distinct counts may be too high: more values came than could be remembered. */
	approximate: boolean;
}

const FIELD_ORDER: readonly AuditField[] = [
	'path',
	'query',
	'title',
	'referrer',
	'event_name',
	'event_data_key',
	'event_data_value',
	'session_data',
	'distinct_id',
];

/** The report's fields, in a fixed order, with the `top` worst templates each. */
export function fieldReports(tally: Tally, info: ServerInfo, top: number): AuditFieldReport[] {
	const reports: AuditFieldReport[] = [];
	const counts = new Map(tally.fields().map((entry) => [entry.field, entry]));
	for (const field of FIELD_ORDER) {
		const entry = counts.get(field);
		if (entry === undefined) continue;
		const worst = [...entry.templates.values()]
			.sort((a, b) => b.count - a.count || b.distinct - a.distinct)
			.slice(0, top);
		const report: AuditFieldReport = {
			field,
			unit: unitOf(field, info),
			distinct: entry.distinct,
			count: entry.count,
			flaggedDistinct: entry.flaggedDistinct,
			flaggedCount: entry.flaggedCount,
			classes: entry.classes,
			worst,
		};
		if (entry.flaggedDistinct > 0) Object.assign(report, adviceFor(field, info));
		reports.push(report);
	}
	return reports;
}

/** The removal options to print (only when something was found). */
export function removalFor(found: readonly PiiClass[], info: ServerInfo): string[] {
	return found.length === 0 ? [] : removalOptions(info);
}

/** Prints the report as text (or JSON). */
export function printReport(output: Output, report: AuditReport, json: boolean): void {
	if (json) {
		output.json(report);
		return;
	}
	const {bold, dim, green, red, yellow} = output.colors;
	const n = (value: number): string => value.toLocaleString('en-US');
	// "1 visitor", "2 visitors".
	const of = (value: number, unit: string): string => `${n(value)} ${value === 1 ? unit.slice(0, -1) : unit}`;
	output.out(bold('umami-guard audit'));
	output.out(dim(report.notice));
	output.out(`  ${dim('website'.padEnd(9))} ${report.website}`);
	output.out(`  ${dim('range'.padEnd(9))} ${report.range.from} → ${report.range.to}`);
	const version = report.server.version ?? 'unknown version';
	const support = `batch ${yesNo(report.server.batch)}, revenue report ${yesNo(report.server.revenueReport)}`;
	output.out(`  ${dim('server'.padEnd(9))} Umami ${version} (${support})`);
	output.out(`  ${dim('read API'.padEnd(9))} ${report.readApi.via}, ${n(report.readApi.requests)} requests`);
	output.out();
	for (const field of report.fields) {
		const head = `${field.field.padEnd(17)} ${n(field.distinct)} distinct, ${of(field.count, field.unit)}`;
		if (field.flaggedDistinct === 0) {
			output.out(`${green('✓')} ${head}: nothing found`);
			continue;
		}
		output.out(
			`${red('✗')} ${head}: ${red(`${n(field.flaggedDistinct)} with personal data`)} (${of(field.flaggedCount, field.unit)})`,
		);
		for (const [cls, counts] of Object.entries(field.classes) as Array<[PiiClass, ClassCount]>) {
			output.out(`    ${cls.padEnd(8)} ${n(counts.distinct)} distinct, ${of(counts.count, field.unit)}`);
			for (const sample of counts.samples) output.out(`      ${dim('e.g.')} ${sample}`);
		}
		if (field.worst.length > 0) {
			output.out(`    ${dim('worst:')}`);
			for (const worst of field.worst) {
				output.out(`      ${n(worst.count).padStart(7)} ${dim(field.unit.padEnd(8))}  ${worst.template}`);
			}
		}
		if (field.source !== undefined) output.out(`    ${dim('source:')} ${field.source}`);
		if (field.fix !== undefined) output.out(`    ${dim('fix:')}    ${field.fix}`);
	}
	if (report.removal.length > 0) {
		output.out();
		output.out(bold('Removing what is already stored (umami-guard does none of this):'));
		for (const line of report.removal) output.out(`  - ${line}`);
	}
	for (const note of report.notes) output.out(`${yellow('note')} ${note}`);
	if (report.approximate)
		output.out(`${yellow('note')} distinct counts are upper bounds (too many values to remember)`);
	for (const what of report.unread) output.out(`${yellow('unread')} ${what}`);
	output.out();
	output.out(`${verdictOf(report, output)} ${dim(`(exit ${report.exitCode})`)}`);
}

/** The last line: FAIL, INCOMPLETE, FOUND or CLEAN, in that precedence. */
function verdictOf(report: AuditReport, output: Output): string {
	const {green, red, yellow} = output.colors;
	if (report.failed.length > 0) {
		const partly = report.unread.length > 0 ? ' in the part that could be read' : '';
		return red(`FAIL found ${report.failed.join(', ')}${partly} (--fail-on ${report.failOn.join(',')})`);
	}
	if (report.unread.length > 0) {
		const found = report.found.length > 0 ? `found ${report.found.join(', ')}` : 'no personal data found';
		return yellow(
			`INCOMPLETE: could not read ${report.unread.join('; ')}; ${found} in what was read (the fields above)`,
		);
	}
	return report.found.length === 0
		? green('CLEAN no personal data found')
		: yellow(`FOUND ${report.found.join(', ')}`);
}

function yesNo(value: boolean | null): string {
	return value === null ? 'unknown' : value ? 'yes' : 'no';
}
