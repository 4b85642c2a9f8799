/** The part of autocannon's API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
	export interface Options {
		url: string;
		connections?: number;
		duration?: number;
		overallRate?: number;
		pipelining?: number;
		/** Stop after this many requests (instead of after `duration`). */
		amount?: number;
	}
	interface Histogram {
		average: number;
		mean: number;
		p50: number;
		p90: number;
		p99: number;
		max: number;
	}
	export interface Result {
		requests: Histogram & {total: number};
		latency: Histogram;
		errors: number;
		timeouts: number;
		non2xx: number;
		duration: number;
	}
	/** A running instance: a promise of the result that also emits each response (latency in ms, float). */
	interface Instance extends Promise<Result> {
		on(
			event: 'response',
			listener: (client: unknown, status: number, bytes: number, ms: number) => void,
		): this;
	}
	function autocannon(options: Options): Instance;
	export default autocannon;
}
