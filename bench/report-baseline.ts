/**
 * The report's section «Against the baseline build» (only with `BENCH_BASELINE`): every figure of
 * bench/baseline.ts's `COMPARED`, current ÷ baseline within each round, so that a slow phase of the shared machine
 * moves both sides of a ratio alike. Pure text.
 */
import {COMPARED, type BaselineOutcome, type Paired} from './baseline.js';
import {median} from './lib.js';

const fixed = (v: number, digits: number): string =>
	Number.isFinite(v)
		? v.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits})
		: 'n/a';

/** Per-round ratios current ÷ baseline (NaN for a round where either side is missing or the baseline is 0). */
export function roundRatios(figure: Paired): number[] {
	return figure.current.map((c, r) => {
		const b = figure.baseline[r] ?? Number.NaN;
		return b === 0 ? Number.NaN : c / b;
	});
}

/** One table row: the figure, both medians, the median ratio and each round's. */
function row(figure: Paired): string {
	const compared = COMPARED[figure.scenario].find((c) => c.key === figure.key);
	const name = `${figure.scenario}${figure.within === '' ? '' : ` (${figure.within})`}: ${compared?.label ?? figure.key}`;
	const ratios = roundRatios(figure);
	const digits = Math.abs(median(figure.current)) >= 100 ? 0 : 2;
	return `| ${name} | ${fixed(median(figure.current), digits)} | ${fixed(median(figure.baseline), digits)} | ${fixed(median(ratios), 3)} | ${ratios.map((x) => fixed(x, 3)).join(', ')} | ${compared?.better ?? '?'} |`;
}

/** The section's markdown lines. */
export function baselineSection(baseline: BaselineOutcome): string[] {
	return [
		'## Against the baseline build',
		'',
		`\`umami-guard (baseline)\` is the build in \`${baseline.dir}\`, commit ${baseline.commit}, measured in the same`,
		'rounds as the current build: in cost and delivery the two run back to back, the order swapped every round;',
		'in the middleware scenario it is one more server of each round (its CPU µs added is over the same bare run);',
		'in the sanitizer bench it runs right after the current build in each of its rounds. *current* and',
		'*baseline* are medians of the rounds; each ratio is current ÷ baseline within one round, and the table gives',
		'their median, then every round. Below 1 is better where lower is better, above 1 where higher is. A ratio of',
		'*added* CPU is only as steady as the smaller addition: read it with the two absolute columns.',
		'',
		'| figure | current | baseline | current ÷ baseline | per round | better |',
		'| --- | ---: | ---: | ---: | --- | --- |',
		...(baseline.figures.length > 0
			? baseline.figures.map(row)
			: ['| (no compared scenario ran: cost, delivery, middleware, sanitizer) | | | | | |']),
		'',
	];
}
