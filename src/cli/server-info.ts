/**
 * Which Umami answers at a base URL, and what it supports, from routes that need no credentials:
 * - `GET /api/version` answers `{version}` on 2.x (the route is gone in 3.x);
 * - `GET /api/heartbeat` answers `{}` on 2.x and `{"ok":true}` on 3.x;
 * - `GET /api/scripts/telemetry` carries `?v=<version>` on 3.x unless telemetry is disabled;
 * - `POST /api/batch` with `[]` answers 404 before 2.17 (and stores nothing on any version);
 * - the revenue report (`POST /api/reports/revenue`) exists from 2.12 and in every 3.x, so it follows from the
 *   version: probing the route tells nothing, because the dynamic `/api/reports/[reportId]` route of every
 *   version answers for any name (2.10 answers 401 there, as an existing route would).
 */
/** What {@link probeServer} found; `null` where the server did not say. */
export interface ServerInfo {
	/** `2.10.0`, or `3.x` when only the heartbeat's shape tells. */
	version: string | null;
	/** Major and minor version (minor `null` for `3.x`). */
	major: number | null;
	minor: number | null;
	/** `POST /api/batch` exists (Umami ≥ 2.17). */
	batch: boolean | null;
	/** The revenue report exists (from 2.12; the `revenue` table it reads on 2.19+ and 3.x). */
	revenueReport: boolean | null;
	/** Where the version came from. */
	versionFrom: 'version_route' | 'telemetry_script' | 'heartbeat_shape' | null;
}

/** Options of {@link probeServer}. */
export interface ProbeOptions {
	readonly fetch: typeof fetch;
	readonly timeoutMs: number;
	readonly userAgent?: string;
	/** Waits before each request (the read API's rate cap). */
	readonly beforeRequest?: () => Promise<void>;
}

/** Probes `base` (the ingestion base URL, without `/api`). Never rejects: unknown facts stay `null`. */
export async function probeServer(base: string, options: ProbeOptions): Promise<ServerInfo> {
	const info: ServerInfo = {
		version: null,
		major: null,
		minor: null,
		batch: null,
		revenueReport: null,
		versionFrom: null,
	};
	const request = async (
		path: string,
		init: RequestInit = {},
	): Promise<{status: number; body: string} | undefined> => {
		await options.beforeRequest?.();
		const headers: Record<string, string> = {...(init.headers as Record<string, string> | undefined)};
		if (options.userAgent !== undefined) headers['user-agent'] = options.userAgent;
		try {
			const response = await options.fetch(`${base}${path}`, {
				...init,
				headers,
				signal: AbortSignal.timeout(options.timeoutMs),
			});
			const body = await response.text().catch(() => '');
			return {status: response.status, body: body.slice(0, 4096)};
		} catch {
			// No answer: the fact stays unknown.
			return undefined;
		}
	};

	const version = await request('/api/version');
	const named = version?.status === 200 ? versionOf(jsonField(version.body, 'version')) : undefined;
	if (named !== undefined) setVersion(info, named, 'version_route');
	else {
		const heartbeat = await request('/api/heartbeat');
		if (heartbeat?.status === 200 && jsonField(heartbeat.body, 'ok') === true) {
			const telemetry = await request('/api/scripts/telemetry');
			const fromScript = telemetry?.status === 200 ? versionInScript(telemetry.body) : undefined;
			if (fromScript !== undefined) setVersion(info, fromScript, 'telemetry_script');
			else {
				info.version = '3.x';
				info.major = 3;
				info.versionFrom = 'heartbeat_shape';
			}
		}
	}
	const batch = await request('/api/batch', {
		method: 'POST',
		headers: {'content-type': 'application/json'},
		body: '[]',
	});
	if (batch !== undefined) info.batch = batch.status !== 404;
	if (info.major !== null) info.revenueReport = atLeast(info, 2, 12);
	return info;
}

function setVersion(info: ServerInfo, version: string, from: ServerInfo['versionFrom']): void {
	info.version = version;
	const [major, minor] = version.split('.');
	info.major = Number(major);
	info.minor = Number(minor);
	info.versionFrom = from;
}

function jsonField(body: string, key: string): unknown {
	try {
		const parsed = JSON.parse(body) as unknown;
		return typeof parsed === 'object' && parsed !== null
			? (parsed as Record<string, unknown>)[key]
			: undefined;
	} catch {
		return undefined;
	}
}

/** `2.10.0` when `value` is a dotted version of digits (at most 20 characters), else `undefined`. */
function versionOf(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.length > 20) return undefined;
	const parts = value.split('.');
	if (parts.length < 2 || parts.length > 3) return undefined;
	for (const part of parts) {
		if (part === '') return undefined;
		for (let index = 0; index < part.length; index++) {
			const code = part.charCodeAt(index);
			if (code < 48 || code > 57) return undefined;
		}
	}
	return value;
}

/** The version after `?v=` in Umami's telemetry script. */
function versionInScript(body: string): string | undefined {
	const at = body.indexOf('?v=');
	if (at === -1) return undefined;
	let end = at + 3;
	while (end < body.length && end - at < 24) {
		const code = body.charCodeAt(end);
		if (!((code >= 48 && code <= 57) || code === 46)) break;
		end++;
	}
	return versionOf(body.slice(at + 3, end));
}

/** True when `info` is at least `major.minor` (unknown versions count as the newest: Umami Cloud). */
export function atLeast(info: ServerInfo, major: number, minor: number): boolean {
	if (info.major === null) return true;
	if (info.major !== major) return info.major > major;
	return info.minor === null || info.minor >= minor;
}
