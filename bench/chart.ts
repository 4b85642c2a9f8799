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
