/**
 * Credentials in the formats their vendors document (prefix, alphabet, length), with random bodies: API keys,
 * JWTs, PEM private-key bodies, signed session cookies, command-line passwords, URL user-info and the secret
 * parameters of pre-signed URLs. Passwords come from faker.
 */
import type {CaseSink} from './case.js';
import {fakerFor} from './fakers.js';
import {ALNUM, BASE64, BASE64URL, DIGITS, HEX, type Rng, UPPER} from './random.js';

const BASE32_UPPER = `${UPPER}234567`;

/** Vendor key formats: [family, make]. */
const VENDOR_KEYS: readonly [string, (r: Rng) => string][] = [
	['github-classic', (r) => `${r.pick(['ghp', 'gho', 'ghu', 'ghs', 'ghr'])}_${r.string(36, ALNUM)}`],
	['github-fine-grained', (r) => `github_pat_${r.string(22, ALNUM)}_${r.string(59, ALNUM)}`],
	['stripe-secret', (r) => `sk_live_${r.string(r.pick([24, 99]), ALNUM)}`],
	['stripe-restricted', (r) => `rk_live_${r.string(r.pick([24, 99]), ALNUM)}`],
	['stripe-webhook', (r) => `whsec_${r.string(32, ALNUM)}`],
	['aws-access-key-id', (r) => `AKIA${r.string(16, BASE32_UPPER)}`],
	[
		'slack-bot',
		(r) =>
			`xoxb-${r.string(r.int(10, 13), DIGITS)}-${r.string(r.int(10, 13), DIGITS)}-${r.string(24, ALNUM)}`,
	],
	['google-api', (r) => `AIza${r.string(35, BASE64URL)}`],
	['openai-project', (r) => `sk-proj-${r.string(74, BASE64URL)}T3BlbkFJ${r.string(74, BASE64URL)}`],
	['anthropic', (r) => `sk-ant-api03-${r.string(93, BASE64URL)}AA`],
];

const ENV_NAMES = ['TOKEN', 'KEY', 'CREDENTIAL', 'AUTH'] as const;

/** A vendor key in one of the places keys turn up: a sentence, a config line, a header, an object, a URL. */
export function addVendorKey(sink: CaseSink, rng: Rng, family: string, key: string): void {
	const pii = [{class: 'api_key', value: key}];
	const labels = {class: 'api_key', family: `api_key/${family}`, locale: 'en'};
	switch (rng.int(0, 4)) {
		case 0:
			sink.add({
				kind: 'text',
				input: `deploy failed, used key ${key} for build 4821`,
				pii,
				keep: ['build 4821'],
				...labels,
			});
			break;
		case 1:
			sink.add({
				kind: 'text',
				input: `export SERVICE_${rng.pick(ENV_NAMES)}=${key} # rotated 2024-03-15`,
				pii,
				keep: ['2024-03-15'],
				...labels,
			});
			break;
		case 2:
			sink.add({
				kind: 'text',
				input: `{"level":"warn","msg":"retrying","auth":"${key}","attempt":3}`,
				pii,
				keep: ['"attempt":3'],
				...labels,
			});
			break;
		case 3:
			sink.add({
				kind: 'object',
				input: {event: 'integration_saved', props: {value: key, provider: family}},
				pii,
				keep: ['integration_saved'],
				...labels,
			});
			break;
		default:
			sink.add({
				kind: 'url',
				input: `/integrations/${family}/test?credential=${key}&dry_run=1`,
				pii,
				keep: ['dry_run=1'],
				...labels,
			});
	}
}

function base64url(s: string): string {
	return Buffer.from(s).toString('base64url');
}

function jwtOf(rng: Rng, email: string): string {
	const header = base64url(JSON.stringify({alg: rng.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT'}));
	const iat = 1_700_000_000 + rng.int(0, 60_000_000);
	const payload = base64url(JSON.stringify({sub: String(rng.int(1, 999_999)), email, iat, exp: iat + 3600}));
	return `${header}.${payload}.${rng.string(rng.pick([43, 86]), BASE64URL)}`;
}

function pemBody(rng: Rng, lines: number): string[] {
	const out = [`MII${rng.string(61, BASE64)}`];
	for (let i = 1; i < lines - 1; i++) out.push(rng.string(64, BASE64));
	out.push(`${rng.string(rng.int(8, 60), BASE64)}${rng.pick(['', '=', '=='])}`);
	return out;
}

/** RFC 6750's `b64token`: letters, digits, `-._~+/`, then optional `=` padding. */
const B64TOKEN = `${ALNUM}-._~+/`;

/** A `b64token` of short groups joined by `.~+/`, as RFC 6750's own example (`mF_9.B5f-4.1JqM`). */
function segmented(rng: Rng): string {
	const groups: string[] = [];
	for (let g = rng.int(3, 6); g > 0; g--) groups.push(rng.string(rng.int(2, 6), `${ALNUM}_-`));
	let token = groups[0] ?? '';
	for (const group of groups.slice(1)) token += rng.pick(['.', '.', '~', '+', '/']) + group;
	return token;
}

/**
 * Credentials after an auth scheme, their bodies drawn from the grammar of RFC 6750 (`b64token`, which also
 * allows dots, tildes and slashes, so the token runs of a body can be short) and of RFC 7617 (`Basic`, base64 of
 * `user:password`), in the places headers turn up: alone, a header line, a curl command, a JSON log line, an
 * event property.
 */
export function addAuthHeaders(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 40; k++) {
		const f = fakerFor('en', rng);
		const form = rng.int(0, 3);
		const [scheme, credential] =
			form === 0
				? ['Basic', Buffer.from(`${f.internet.username()}:${passwordOf(rng, true)}`).toString('base64')]
				: [
						rng.pick(['Bearer', 'bearer', 'Token']),
						form === 1 ? rng.string(rng.int(12, 48), B64TOKEN) + '='.repeat(rng.int(0, 2)) : segmented(rng),
					];
		const value = `${scheme} ${credential}`;
		const header = `${rng.pick(['Authorization', 'authorization', 'Proxy-Authorization'])}: ${value}`;
		const labels = {
			pii: [{class: 'secret', value: credential}],
			keep: [scheme],
			class: 'secret',
			family: 'secret/auth-header',
			locale: 'en',
		};
		const where = rng.int(0, 4);
		if (where === 4)
			sink.add({kind: 'object', input: {call: 'upstream', header: value, status: 401}, ...labels});
		else
			sink.add({
				kind: 'text',
				input: [
					value,
					header,
					`curl -H "${header}" https://api.example.com/v2/orders?page=2`,
					`{"level":"debug","msg":"upstream request","headers":"${header}","status":401}`,
				][where] as string,
				...labels,
			});
	}
}

/** JWTs, PEM private keys and AWS secret keys. */
function addTokens(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 30; k++) {
		const f = fakerFor('en', rng);
		const jwt = jwtOf(rng, f.internet.email());
		const labels = {class: 'jwt', family: 'jwt', locale: 'en', pii: [{class: 'jwt', value: jwt}]};
		if (rng.chance(0.5))
			sink.add({kind: 'text', input: `Authorization: Bearer ${jwt}`, keep: ['Authorization'], ...labels});
		else
			sink.add({kind: 'url', input: `/auth/callback?id_token=${jwt}&lang=de`, keep: ['lang=de'], ...labels});

		const kind = rng.pick(['', 'RSA ', 'EC ', 'OPENSSH ']);
		const body = pemBody(rng, rng.int(4, 12));
		const begin = `-----BEGIN ${kind}PRIVATE KEY-----`;
		const end = `-----END ${kind}PRIVATE KEY-----`;
		const pem = [begin, ...body, end].join('\n');
		const pii = [
			{class: 'secret', value: body[0] ?? ''},
			{class: 'secret', value: body[1] ?? ''},
		];
		sink.add({
			kind: 'text',
			input: `key file contents:\n${pem}\n`,
			pii,
			keep: [begin, end],
			class: 'secret',
			family: 'secret/pem-private-key',
			locale: 'en',
		});

		const secret = rng.string(40, BASE64);
		const id = `AKIA${rng.string(16, BASE32_UPPER)}`;
		sink.add({
			kind: 'text',
			input: `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\nregion = eu-central-1`,
			pii: [
				{class: 'api_key', value: id},
				{class: 'secret', value: secret},
			],
			keep: ['region = eu-central-1'],
			class: 'secret',
			family: 'secret/aws-credentials-file',
			locale: 'en',
		});
	}
}

function passwordOf(rng: Rng, symbols: boolean): string {
	const f = fakerFor('en', rng);
	const p = f.internet.password({length: rng.int(10, 20)});
	return symbols ? p + rng.pick(['!', '$', '%', '*', '#9']) : p;
}

/** Passwords on command lines, in URL user-info, and signed session cookies. */
function addCommandLines(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 60; k++) {
		const user = fakerFor(rng.pick(['en', 'de', 'fr', 'es']), rng)
			.internet.username()
			.replace(/[^\w.-]/g, '');
		const pw = passwordOf(rng, true);
		const plain = passwordOf(rng, false);
		const labels = {class: 'secret', locale: 'en'};
		const lines: [string, string, string, string][] = [
			[
				'cli-curl-u',
				`$ curl -u ${user}:${pw} https://api.example.com/v1/items`,
				pw,
				'https://api.example.com/v1/items',
			],
			[
				'cli-password-flag',
				`mysqldump --user=${user} --password=${pw} --host=db.internal shop`,
				pw,
				'--host=db.internal',
			],
			['cli-p-flag', `mysql -u ${user} -p${pw} -h 10.0.0.5 shop`, pw, '-h 10.0.0.5'],
			['cli-pgpassword', `PGPASSWORD=${pw} psql -h db.internal -U ${user} -d shop`, pw, '-d shop'],
			['cli-env-inline', `DB_PASSWORD='${pw}' node server.js --port 8080`, pw, '--port 8080'],
		];
		const [family, input, value, keep] = rng.pick(lines);
		sink.add({
			kind: 'text',
			input,
			pii: [{class: 'secret', value}],
			keep: [keep],
			family: `secret/${family}`,
			...labels,
		});

		const urls: [string, string, string][] = [
			[
				'url-userinfo-db',
				`postgres://${user}:${plain}@db.internal:5432/shop?sslmode=require`,
				'sslmode=require',
			],
			['url-userinfo-git', `https://${user}:${plain}@git.example.com/acme/shop.git`, '/acme/shop.git'],
			['url-userinfo-amqp', `amqp://${user}:${plain}@mq.example.com:5672/vhost`, '/vhost'],
		];
		const [uFamily, url, uKeep] = rng.pick(urls);
		sink.add({
			kind: rng.chance(0.6) ? 'url' : 'text',
			input: url,
			pii: [{class: 'secret', value: plain}],
			keep: [uKeep],
			family: `secret/${uFamily}`,
			...labels,
		});

		const sid = `s%3A${rng.string(32, BASE64URL)}.${rng.string(43, BASE64).replace(/\+/g, '%2B').replace(/\//g, '%2F')}`;
		const cookie = `theme=dark; connect.sid=${sid}; lang=de`;
		if (rng.chance(0.5)) {
			sink.add({
				kind: 'text',
				input: `Cookie: ${cookie}`,
				pii: [{class: 'secret', value: sid}],
				keep: ['theme=dark', 'lang=de'],
				family: 'secret/connect-sid-cookie',
				...labels,
			});
		} else {
			sink.add({
				kind: 'object',
				input: {event: 'request', props: {header: `Cookie: ${cookie}`}},
				pii: [{class: 'secret', value: sid}],
				keep: ['theme=dark', 'lang=de'],
				family: 'secret/connect-sid-cookie',
				...labels,
			});
		}
	}
}

/** S3 pre-signed URLs: the signature and credential are secret, the algorithm, date, expiry and signed headers are not. */
function addPresigned(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 30; k++) {
		const id = `AKIA${rng.string(16, BASE32_UPPER)}`;
		const date = `2024${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(10, 28))}`;
		const signature = rng.string(64, HEX);
		const expires = `X-Amz-Expires=${rng.pick([300, 900, 3600, 86_400, 604_800])}`;
		const amzDate = `X-Amz-Date=${date}T${String(rng.int(10, 23))}${String(rng.int(10, 59))}00Z`;
		const url =
			`https://bucket.s3.eu-central-1.amazonaws.com/exports/report-${rng.int(1, 999)}.csv` +
			`?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${id}%2F${date}%2Feu-central-1%2Fs3%2Faws4_request` +
			`&${amzDate}&${expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=${signature}`;
		sink.add({
			kind: 'url',
			input: url,
			pii: [
				{class: 'api_key', value: id},
				{class: 'secret', value: signature},
			],
			keep: ['X-Amz-Algorithm=AWS4-HMAC-SHA256', amzDate, expires, 'X-Amz-SignedHeaders=host'],
			class: 'secret',
			family: 'secret/s3-presigned-url',
			locale: 'en',
		});
	}
}

/** Every secret family. */
export function addSecrets(sink: CaseSink, rng: Rng): void {
	for (let k = 0; k < 12; k++)
		for (const [family, make] of VENDOR_KEYS) addVendorKey(sink, rng, family, make(rng));
	addTokens(sink, rng);
	addCommandLines(sink, rng);
	addPresigned(sink, rng);
}
