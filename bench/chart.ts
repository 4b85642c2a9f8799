/** Hand-written SVG bar charts for docs/bench (no chart library). */

export interface Bar {
	readonly label: string;
	readonly value: number;
	/** Highlight (umami-guard). */
	readonly ours?: boolean;
}

export interface ChartOptions {
	readonly title: string;
	readonly unit: string;
	/** Lower is better (said in the subtitle). */
	readonly lowerIsBetter?: boolean;
	/** Logarithmic axis, for values that span orders of magnitude. */
	readonly log?: boolean;
	/** A vertical dashed line at the target. */
	readonly target?: number;
	readonly note?: string;
}

const escape = (s: string): string =>
	s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function format(value: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	const abs = Math.abs(value);
	if (abs >= 100) return Math.round(value).toLocaleString('en-US');
	if (abs >= 10) return value.toFixed(1);
	return value.toFixed(2);
}

/** A horizontal bar chart, one bar per subject, value printed at the end of each bar. */
export function barChart(bars: readonly Bar[], options: ChartOptions): string {
	const width = 720;
	const labelWidth = 210;
	const valueWidth = 110;
	const rowHeight = 30;
	const top = 58;
	const plot = width - labelWidth - valueWidth - 20;
	const finite = bars.map((b) => b.value).filter((v) => Number.isFinite(v) && v > 0);
	const max = Math.max(options.target ?? 0, ...finite, 1e-9);
	const min = options.log ? Math.min(...finite, options.target ?? Infinity) / 2 : 0;
	const scale = (v: number): number => {
		if (!Number.isFinite(v) || v <= 0) return 0;
		if (!options.log) return (v / max) * plot;
		return (Math.log10(v / min) / Math.log10(max / min)) * plot;
	};
	const height = top + bars.length * rowHeight + (options.note ? 36 : 16);
	const subtitle = `${options.unit}${options.lowerIsBetter ? ' — lower is better' : ' — higher is better'}${options.log ? ' (log scale)' : ''}`;
	const rows = bars.map((bar, index) => {
		const y = top + index * rowHeight;
		const w = Math.max(scale(bar.value), Number.isFinite(bar.value) && bar.value > 0 ? 2 : 0);
		const fill = bar.ours ? '#2f6fde' : '#9aa5b1';
		return [
			`<text x="${labelWidth - 10}" y="${y + 19}" text-anchor="end" font-weight="${bar.ours ? 'bold' : 'normal'}">${escape(bar.label)}</text>`,
			`<rect x="${labelWidth}" y="${y + 5}" width="${w.toFixed(1)}" height="${rowHeight - 10}" rx="3" fill="${fill}"/>`,
			`<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 19}">${escape(format(bar.value))}</text>`,
		].join('\n  ');
	});
	const target =
		options.target === undefined
			? ''
			: `<line x1="${(labelWidth + scale(options.target)).toFixed(1)}" x2="${(labelWidth + scale(options.target)).toFixed(1)}" y1="${top - 4}" y2="${top + bars.length * rowHeight}" stroke="#d64545" stroke-dasharray="4 3"/>
  <text x="${(labelWidth + scale(options.target)).toFixed(1)}" y="${top - 8}" text-anchor="middle" fill="#d64545" font-size="11">target ${escape(format(options.target))}</text>`;
	const note = options.note
		? `<text x="10" y="${height - 12}" font-size="11" fill="#555">${escape(options.note)}</text>`
		: '';
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13">
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="10" y="22" font-size="15" font-weight="bold">${escape(options.title)}</text>
  <text x="10" y="40" font-size="11" fill="#555">${escape(subtitle)}</text>
  ${rows.join('\n  ')}
  ${target}
  ${note}
</svg>
`;
}

/** One line of a {@link timelineChart}: a value per bin. */
export interface Series {
	readonly label: string;
	readonly values: readonly number[];
	readonly color: string;
}

/** Options of a {@link timelineChart}. */
export interface TimelineOptions {
	readonly title: string;
	readonly unit: string;
	/** Seconds per bin. */
	readonly binS: number;
	/** Shaded spans, in seconds from the start (an outage, a slow server). */
	readonly bands?: readonly {readonly fromS: number; readonly toS: number; readonly label: string}[];
	/** Dashed vertical lines, in seconds (e.g. when the load stopped). */
	readonly marks?: readonly {readonly atS: number; readonly label: string}[];
	readonly note?: string;
}

/** A line chart over time: one polyline per series, x in seconds, shaded bands and marks. */
export function timelineChart(series: readonly Series[], options: TimelineOptions): string {
	const width = 720;
	const left = 50;
	const right = 20;
	const top = 58;
	const plotHeight = 220;
	const bins = Math.max(1, ...series.map((line) => line.values.length));
	const totalS = bins * options.binS;
	const max = Math.max(1e-9, ...series.flatMap((line) => line.values));
	const plot = width - left - right;
	const x = (s: number): number => left + (s / totalS) * plot;
	const y = (v: number): number => top + plotHeight - (v / max) * plotHeight;
	const height = top + plotHeight + 40 + (options.note ? 20 : 0);
	const bands = (options.bands ?? []).map(
		(band) =>
			`<rect x="${x(band.fromS).toFixed(1)}" y="${top}" width="${(x(band.toS) - x(band.fromS)).toFixed(1)}" height="${plotHeight}" fill="#f6d6d6"/>
  <text x="${((x(band.fromS) + x(band.toS)) / 2).toFixed(1)}" y="${top + 14}" text-anchor="middle" font-size="11" fill="#a33">${escape(band.label)}</text>`,
	);
	const marks = (options.marks ?? []).map(
		(mark) =>
			`<line x1="${x(mark.atS).toFixed(1)}" x2="${x(mark.atS).toFixed(1)}" y1="${top}" y2="${top + plotHeight}" stroke="#555" stroke-dasharray="4 3"/>
  <text x="${(x(mark.atS) + 4).toFixed(1)}" y="${top + 28}" font-size="11" fill="#555">${escape(mark.label)}</text>`,
	);
	const lines = series.map((line) => {
		const points = line.values
			.map((value, index) => `${x((index + 0.5) * options.binS).toFixed(1)},${y(value).toFixed(1)}`)
			.join(' ');
		return `<polyline fill="none" stroke="${line.color}" stroke-width="1.5" points="${points}"/>`;
	});
	const ticks: string[] = [];
	const stepS = totalS > 120 ? 30 : totalS > 40 ? 10 : 5;
	for (let s = 0; s <= totalS; s += stepS)
		ticks.push(
			`<text x="${x(s).toFixed(1)}" y="${top + plotHeight + 16}" text-anchor="middle" font-size="11">${s}s</text>`,
		);
	const legend = series.map(
		(line, index) =>
			`<rect x="${left + index * 200}" y="${top + plotHeight + 24}" width="12" height="4" fill="${line.color}"/>
  <text x="${left + index * 200 + 16}" y="${top + plotHeight + 30}" font-size="11">${escape(line.label)}</text>`,
	);
	const note = options.note
		? `<text x="10" y="${height - 6}" font-size="11" fill="#555">${escape(options.note)}</text>`
		: '';
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="13">
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="10" y="22" font-size="15" font-weight="bold">${escape(options.title)}</text>
  <text x="10" y="40" font-size="11" fill="#555">${escape(options.unit)} (max ${escape(format(max))})</text>
  ${bands.join('\n  ')}
  <line x1="${left}" x2="${left + plot}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#999"/>
  <line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}" stroke="#999"/>
  <text x="${left - 6}" y="${top + 4}" text-anchor="end" font-size="11">${escape(format(max))}</text>
  <text x="${left - 6}" y="${top + plotHeight}" text-anchor="end" font-size="11">0</text>
  ${ticks.join('\n  ')}
  ${marks.join('\n  ')}
  ${lines.join('\n  ')}
  ${legend.join('\n  ')}
  ${note}
</svg>
`;
}
