/**
 * Log lines and URLs in the shapes servers write them, filled by @faker-js/faker's internet, system, git and date
 * modules (seeded): the traffic a sanitizer sees most, where most lines hold no personal data or only an address.
 * None of the values is written by us, so no detector was tuned to them.
 *
 * - access logs in the NCSA combined format (Apache, nginx): client IP, time, request line, status, size,
 *   referrer, user agent;
 * - application logs: pino-style JSON lines and plain `LEVEL [module] message` lines with routes, durations,
 *   file paths, versions, commit hashes and request ids;
 * - URLs: page and API URLs with path segments, slugs, ids and ordinary query parameters (paging, sorting,
 *   campaign tags, search words).
 */
import {Faker, base, en} from '@faker-js/faker';

const SEED = 0x10651e5;

const LEVELS = ['info', 'info', 'info', 'warn', 'error', 'debug'] as const;

function route(f: Faker): string {
	const parts: string[] = [f.helpers.arrayElement(['api', 'app', 'v1', 'shop', 'blog', 'admin', 'docs'])];
	const depth = f.number.int({min: 1, max: 3});
	for (let i = 0; i < depth; i++) {
		parts.push(
			f.helpers.arrayElement([
				f.lorem.slug(f.number.int({min: 1, max: 3})),
				String(f.number.int({min: 1, max: 99_999})),
				f.word.noun(),
			]),
		);
	}
	return `/${parts.join('/')}`;
}

function query(f: Faker): string {
	const pairs: string[] = [];
	const n = f.number.int({min: 0, max: 3});
	for (let i = 0; i < n; i++) {
		pairs.push(
			f.helpers.arrayElement([
				`page=${f.number.int({min: 1, max: 40})}`,
				`sort=${f.helpers.arrayElement(['asc', 'desc', 'price', 'newest'])}`,
				`utm_source=${f.internet.domainWord()}`,
				`utm_campaign=${f.lorem.slug(2)}`,
				`q=${encodeURIComponent(f.commerce.productName())}`,
				`lang=${f.location.countryCode().toLowerCase()}`,
				`ref=${f.word.noun()}`,
				`limit=${f.helpers.arrayElement([10, 20, 50, 100])}`,
			]),
		);
	}
	return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

/** `day/Mon/year:hh:mm:ss +0000`, the time format of the combined log. */
function clfTime(d: Date): string {
	const [, day = '01', mon = 'Jan', year = '1970', time = '00:00:00'] = d.toUTCString().split(' ');
	return `${day}/${mon}/${year}:${time} +0000`;
}

function accessLine(f: Faker): string {
	const path = route(f) + query(f);
	const referrer = f.datatype.boolean() ? f.internet.url() : '-';
	return `${f.internet.ipv4()} - - [${clfTime(f.date.recent({days: 30}))}] "${f.internet.httpMethod()} ${path} HTTP/1.1" ${f.internet.httpStatusCode()} ${f.number.int({min: 0, max: 250_000})} "${referrer}" "${f.internet.userAgent()}"`;
}

function appLine(f: Faker): string {
	const level = f.helpers.arrayElement(LEVELS);
	const time = f.date.recent({days: 30}).toISOString();
	switch (f.number.int({min: 0, max: 3})) {
		case 0: {
			return JSON.stringify({
				level,
				time,
				pid: f.number.int({min: 100, max: 65_000}),
				hostname: f.internet.domainWord(),
				req: {method: f.internet.httpMethod(), url: route(f) + query(f)},
				res: {statusCode: f.internet.httpStatusCode()},
				responseTime: f.number.int({min: 1, max: 2000}),
				msg: 'request completed',
			});
		}
		case 1: {
			return `${time} ${level.toUpperCase()} [${f.hacker.noun()}] ${f.hacker.phrase()} (${f.system.filePath()}:${f.number.int({min: 1, max: 900})})`;
		}
		case 2: {
			return `${time} INFO deploy ${f.system.semver()} (${f.git.commitSha({length: 7})}) to ${f.internet.domainName()} in ${f.number.float({min: 1, max: 90, fractionDigits: 1})} s`;
		}
		default: {
			return `${time} ${level.toUpperCase()} ${f.internet.httpMethod()} ${route(f)} ${f.internet.httpStatusCode()} ${f.number.int({min: 1, max: 900})}ms ${f.system.fileName()}`;
		}
	}
}

function urlLine(f: Faker): string {
	const base = f.datatype.boolean() ? `https://${f.internet.domainName()}` : '';
	const hash = f.number.int({min: 0, max: 5}) === 0 ? `#${f.lorem.slug(2)}` : '';
	return base + route(f) + query(f) + hash;
}

/** `count` log lines and `count` URLs, the same for every run (seeded). */
export function realisticLines(count: number): {logs: string[]; urls: string[]} {
	const f = new Faker({locale: [en, base]});
	f.seed(SEED);
	const logs: string[] = [];
	const urls: string[] = [];
	for (let i = 0; i < count; i++) {
		logs.push(i % 2 === 0 ? accessLine(f) : appLine(f));
		urls.push(urlLine(f));
	}
	return {logs, urls};
}

/**
 * `count` analytics events of 8 properties, about 200 bytes as JSON, each with values of its own (so no cache of
 * seen values helps): the typical custom event of a product page. Seeded.
 */
export function uniqueEvents(count: number): Record<string, unknown>[] {
	const f = new Faker({locale: [en, base]});
	f.seed(SEED + 1);
	const events: Record<string, unknown>[] = [];
	for (let i = 0; i < count; i++) {
		events.push({
			plan: `${f.helpers.arrayElement(['pro', 'team', 'basic'])}_${f.helpers.arrayElement(['monthly', 'yearly'])}_${f.number.int(999)}`,
			price: f.number.float({min: 1, max: 500, fractionDigits: 2}),
			currency: f.finance.currencyCode(),
			step: f.number.int({min: 1, max: 9}),
			button: `${f.word.verb()}-${f.word.noun()}`,
			path: route(f) + query(f),
			product: f.commerce.productName(),
			section: f.commerce.department(),
		});
	}
	return events;
}
