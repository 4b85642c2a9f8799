// Prints the closing line CI reads: "N passed, N failed" from vitest's JSON report.
// When the run stopped before vitest (type-check, lint or format failed), it counts that step as one failure.
import {existsSync, readFileSync} from 'node:fs';

const [file = '.vitest-report.json', status = '0'] = process.argv.slice(2);
if (!existsSync(file)) {
	console.log(`npm test stopped before the test runner (exit ${status}): see the output above`);
	console.log(`0 passed, 1 failed`);
	process.exit(0);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
let failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
if (failed === 0 && status !== '0') failed = 1;
for (const suite of report.testResults ?? []) {
	if (suite.status === 'failed' && (suite.assertionResults ?? []).every((test) => test.status !== 'failed')) {
		console.log(`suite failed to run: ${suite.name}: ${(suite.message ?? '').split('\n')[0]}`);
		failed++;
	}
}
if (skipped > 0) console.log(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
