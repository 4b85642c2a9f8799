/** What each step of `umami-guard check` works with. */
import type {ResolvedConfig} from '../config/resolve.js';
import type {CheckRecord} from './check-report.js';

/** The configuration checked, how to reach its server, and the record the steps fill. */
export interface CheckContext {
	readonly config: ResolvedConfig;
	/** The server's base URL, without trailing slash. */
	readonly base: string;
	readonly fetch: typeof globalThis.fetch;
	/** Per-step timeout. */
	readonly timeoutMs: number;
	readonly record: CheckRecord;
}
