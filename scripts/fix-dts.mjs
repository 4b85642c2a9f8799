// After tsup: the integrations augment `UmamiAnalytics` (`analytics.initExpress(app)`, `analytics.express()`, …)
// with `declare module '../client/analytics.js'`. In dist/ the class lives in a hashed chunk, so the bundled
// declarations must augment the package itself instead.
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const dist = join(import.meta.dirname, '../dist');
let changed = 0;
for (const file of readdirSync(dist)) {
	if (!/\.d\.c?ts$/.test(file)) continue;
	const path = join(dist, file);
	const text = readFileSync(path, 'utf8');
	const fixed = text.replaceAll(
		/declare module ['"]\.\.\/client\/analytics(?:\.js)?['"]/g,
		"declare module 'umami-guard'",
	);
	if (fixed !== text) {
		writeFileSync(path, fixed);
		changed++;
	}
}
console.log(`fix-dts: ${changed} declaration files now augment 'umami-guard'`);
