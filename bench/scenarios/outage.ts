/**
 * Scenario 3 — `rate` events/s for `seconds`, the sink refusing connections from `downAt` to `upAt` (seconds
 * after the start). Reports delivered, lost and duplicated events (exact, by index), and how long after the
 * sink came back the last event tracked during the outage arrived.
 */
import {createPeer, type PeerName} from '../peers.js';
import {emit, input, sleep} from '../lib.js';
import {startSinkProcess} from '../sink.js';

interface Args {
	readonly peer: PeerName;
	readonly rate: number;
	readonly seconds: number;
	readonly downAt: number;
	readonly upAt: number;
	/** Longest wait for stragglers after the documented flush. */
	readonly drainMs: number;
}

const {peer, rate, seconds, downAt, upAt, drainMs} = input<Args>();
const sink = await startSinkProcess();
const client = createPeer(peer, sink.url);
const total = rate * seconds;

let sent = 0;
let outageFrom = -1;
let outageTo = -1;
let upTime = 0;
let phase: 'before' | 'down' | 'after' = 'before';
const start = Date.now();
await new Promise<void>((resolve) => {
	const timer = setInterval(() => {
		const elapsed = (Date.now() - start) / 1000;
		const due = Math.min(total, Math.floor(elapsed * rate));
		while (sent < due) client.track(sent++);
		if (phase === 'before' && elapsed >= downAt) {
			phase = 'down';
			void sink.down().then(() => {
				outageFrom = sent;
			});
		} else if (phase === 'down' && elapsed >= upAt) {
			phase = 'after';
			void sink.up().then(() => {
				outageTo = sent;
				upTime = Date.now();
			});
		}
		if (sent >= total && upTime > 0) {
			clearInterval(timer);
			resolve();
		}
	}, 10);
});

// The documented flush, bounded; then wait for stragglers until everything arrived or nothing moved for 3 s.
const finished = client.finish().catch(() => {});
const deadline = Date.now() + drainMs;
await Promise.race([finished, sleep(drainMs)]);
let last = -1;
let stableSince = Date.now();
while (Date.now() < deadline) {
	const {unique} = await sink.tally(total);
	if (unique >= total) break;
	if (unique !== last) {
		last = unique;
		stableSince = Date.now();
	} else if (Date.now() - stableSince > 3000) break;
	await sleep(100);
}
const tally = await sink.tally(total);
const outage = await sink.arrival(outageFrom, outageTo);
emit({
	peer,
	total,
	delivered: tally.unique,
	lost: tally.missing,
	duplicated: tally.duplicated,
	outageEvents: outageTo - outageFrom,
	outageLost: outage.missing,
	recoverySeconds: outage.last > 0 && upTime > 0 ? Math.max(0, outage.last - upTime) / 1000 : Number.NaN,
	harnessCaught: client.failures(),
});
await sink.close();
process.exit(0);
