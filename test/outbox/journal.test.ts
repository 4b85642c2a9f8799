/**
 * The durable outbox's journal on a real file system: append / ack / replay, compaction, a torn last line,
 * a corrupt file, the size bound, the lock, permissions, and runtimes without `node:fs`.
 */
import {spawn} from 'node:child_process';
import {
	appendFileSync,
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import nodePath, {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createOutbox, journalFiles, readJournalStatus, type Outbox} from '../../src/outbox/index.js';
import {journalStem, parseJournal} from '../../src/outbox/journal.js';
import type {UmamiEvent} from '../../src/types.js';

const WEBSITE = '5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01';
const opened: Outbox[] = [];

afterEach(() => {
	for (const box of opened.splice(0)) box.close();
});

function directory(): string {
	return join(mkdtempSync(join(tmpdir(), 'umami-guard-outbox-')), 'nested', 'outbox');
}

function open(
	path: string,
	options: {maxBytes?: number; appName?: string; warnings?: string[]} = {},
): Outbox {
	const box = createOutbox({
		path,
		appName: options.appName ?? 'shop',
		maxBytes: options.maxBytes ?? 1024 * 1024,
		now: () => 1_700_000_000_000,
		onWarn: (message) => options.warnings?.push(message),
	});
	if (box === undefined) throw new Error(`outbox did not open: ${options.warnings?.join('; ')}`);
	opened.push(box);
	return box;
}

function reopen(box: Outbox, path: string, options: Parameters<typeof open>[1] = {}): Outbox {
	box.close();
	return open(path, options);
}

function event(index: number, extra: Record<string, string> = {}): UmamiEvent {
	return {
		type: 'event',
		payload: {website: WEBSITE, url: `/page/${index}`, name: 'click', data: {index, ...extra}, timestamp: 1},
	};
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('journal', () => {
	it('persists appended events, forgets acknowledged ones and replays the rest after a reopen', async () => {
		const path = directory();
		let box = open(path);
		const seqs = [1, 2, 3, 4].map((index) => box.append(event(index))!);
		expect(seqs).toEqual([1, 2, 3, 4]);
		box.ack(2);
		box.ack(4);
		box.ack(4); // twice: harmless
		box.ack(99); // unknown: harmless
		await tick();
		expect(box.status()).toMatchObject({events: 2});
		box = reopen(box, path);
		expect(box.pending()).toEqual([
			{seq: 1, event: event(1)},
			{seq: 3, event: event(3)},
		]);
		// Sequence numbers continue after the highest ever written.
		expect(box.append(event(5))).toBe(5);
	});

	it('writes the ack in a microtask, one line for every ack of the same tick', async () => {
		const path = directory();
		const box = open(path);
		for (let index = 0; index < 5; index++) box.append(event(index));
		const file = box.status().path;
		box.ack(1);
		box.ack(2);
		box.ack(3);
		expect(readFileSync(file, 'utf8')).not.toContain('{"a":');
		await Promise.resolve();
		const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
		expect(lines.at(-1)).toBe('{"a":[1,2,3]}');
	});

	it('truncates to the header once everything is acknowledged, and compacts when most of it is dead', async () => {
		const path = directory();
		const box = open(path);
		const header = box.status().bytes;
		const seqs = Array.from({length: 10}, (_, index) => box.append(event(index))!);
		for (const seq of seqs) box.ack(seq);
		await tick();
		expect(box.status()).toMatchObject({events: 0, bytes: header});

		const many = Array.from({length: 2000}, (_, index) => box.append(event(index))!);
		const full = box.status().bytes;
		expect(full).toBeGreaterThan(64 * 1024);
		for (const seq of many.slice(0, 1500)) box.ack(seq);
		await tick();
		// 3/4 acknowledged → rewritten with the 500 pending events only.
		expect(box.status().bytes).toBeLessThan(full / 3);
		expect(box.status().events).toBe(500);
		const again = reopen(box, path);
		expect(again.pending().map((entry) => entry.seq)).toEqual(many.slice(1500));
	});

	it('ignores a torn last line (a crash in the middle of a write) and keeps appending cleanly', async () => {
		const path = directory();
		let box = open(path);
		box.append(event(1));
		box.append(event(2));
		const file = box.status().path;
		box.close();
		appendFileSync(file, '{"s":3,"e":{"type":"event","payl');
		const warnings: string[] = [];
		box = open(path, {warnings});
		expect(box.status()).toMatchObject({events: 2, torn: 1, corrupt: 0});
		expect(warnings).toEqual([]);
		expect(box.append(event(3))).toBe(3);
		box = reopen(box, path);
		expect(box.pending().map((entry) => entry.seq)).toEqual([1, 2, 3]);
		expect(box.status().torn).toBe(0);
	});

	it('moves a corrupt file aside with a warning and starts empty', () => {
		const path = directory();
		let box = open(path);
		box.append(event(1));
		box.append(event(2));
		const file = box.status().path;
		box.close();
		const lines = readFileSync(file, 'utf8').split('\n');
		lines[1] = 'garbage{';
		writeFileSync(file, lines.join('\n'));
		const warnings: string[] = [];
		box = open(path, {warnings});
		expect(box.status()).toMatchObject({events: 0, corrupt: 1});
		expect(box.pending()).toEqual([]);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/corrupt \(unreadable line 2\); moved aside to .*\.corrupt-1700000000000/);
		expect(existsSync(`${file}.corrupt-1700000000000`)).toBe(true);
		expect(readFileSync(`${file}.corrupt-1700000000000`, 'utf8')).toContain('garbage{');
	});

	it('treats a foreign or future file as corrupt instead of replaying it', () => {
		expect(parseJournal('{"umami-guard-outbox":2,"app":"shop"}\n', 'shop').corrupt).toMatch(/version 1/);
		expect(parseJournal('{"umami-guard-outbox":1,"app":"other"}\n', 'shop').corrupt).toMatch(/another app/);
		expect(
			parseJournal('{"umami-guard-outbox":1,"app":"shop"}\n{"s":1,"e":{"type":"x"}}\n', 'shop').corrupt,
		).toMatch(/bad record on line 2/);
		expect(parseJournal('', 'shop')).toMatchObject({corrupt: undefined, torn: 0});
	});

	it('refuses an event that does not fit in maxBytes (the caller drops it as outbox_full)', async () => {
		const path = directory();
		const box = open(path, {maxBytes: 4096});
		const accepted: number[] = [];
		let refused = 0;
		for (let index = 0; index < 100; index++) {
			const seq = box.append(event(index));
			if (seq === undefined) refused++;
			else accepted.push(seq);
		}
		expect(refused).toBeGreaterThan(0);
		expect(box.status().bytes).toBeLessThanOrEqual(4096);
		expect(statSync(box.status().path).size).toBeLessThanOrEqual(4096);
		// Acknowledging makes room again.
		for (const seq of accepted) box.ack(seq);
		await tick();
		expect(box.append(event(1000))).toBeGreaterThan(0);
	});

	it('holds one journal per app name and a lock per journal', async () => {
		const path = directory();
		const warnings: string[] = [];
		const shop = open(path, {appName: 'shop'});
		open(path, {appName: 'blog/admin'}).append(event(1));
		expect(
			createOutbox({path, appName: 'shop', maxBytes: 4096, onWarn: (message) => warnings.push(message)}),
		).toBeUndefined();
		expect(warnings[0]).toMatch(/is used by live process \d+; this instance runs without outbox/);
		shop.close();
		expect(open(path, {appName: 'shop'}).status().events).toBe(0);
		const stem = journalStem('blog/admin');
		expect(stem).toMatch(/^blog_admin-[\da-f]{8}$/);
		expect(readdirSync(path).sort()).toEqual([`${stem}.jsonl`, `${stem}.lock`, 'shop.jsonl', 'shop.lock']);
		expect(journalStem('blog/admin')).not.toBe(journalStem('blog_admin'));
	});

	it('takes over a stale lock (its process is gone) but not one of a live process', async () => {
		const path = directory();
		const {lock} = journalFiles(await import('node:path'), path, 'shop');
		open(path).close();
		writeFileSync(lock, '999999999\n');
		expect(open(path).status().events).toBe(0);
		opened.pop()!.close();

		const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], {stdio: 'ignore'});
		try {
			writeFileSync(lock, `${child.pid}\n`);
			const warnings: string[] = [];
			expect(
				createOutbox({path, appName: 'shop', maxBytes: 4096, onWarn: (message) => warnings.push(message)}),
			).toBeUndefined();
			expect(warnings[0]).toContain(`live process ${child.pid}`);
		} finally {
			child.kill('SIGKILL');
		}
		await new Promise((resolve) => child.once('exit', resolve));
		expect(open(path).status().events).toBe(0);
	});

	it('creates the directory 0700 and the journal and lock 0600', () => {
		const path = directory();
		const box = open(path);
		box.append(event(1));
		const file = box.status().path;
		const lock = file.replace(/\.jsonl$/, '.lock');
		expect(statSync(path).mode & 0o777).toBe(0o700);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(statSync(lock).mode & 0o777).toBe(0o600);
	});

	it('reads the status without the lock (while the owner runs)', () => {
		const path = directory();
		const box = open(path);
		box.append(event(1));
		box.append(event(2));
		expect(readJournalStatus({path, appName: 'shop'})).toEqual({...box.status(), corrupt: 0, torn: 0});
		expect(readJournalStatus({path, appName: 'nobody'})).toMatchObject({events: 0, bytes: 0});
	});

	it('is disabled with one warning on a runtime without node:fs', () => {
		const original = process.getBuiltinModule;
		process.getBuiltinModule = (() => undefined) as typeof process.getBuiltinModule;
		try {
			const warnings: string[] = [];
			expect(
				createOutbox({path: directory(), appName: 'shop', maxBytes: 4096, onWarn: (m) => warnings.push(m)}),
			).toBeUndefined();
			expect(warnings).toEqual([
				'outbox disabled: this runtime has no node:fs; events are kept in memory only',
			]);
		} finally {
			process.getBuiltinModule = original;
		}
	});
});

describe('idempotency digests in the journal', () => {
	const digest = (index: number): string => index.toString(16).padStart(16, '0');

	it('outlive their events: kept through the truncation point, compaction and reopening', async () => {
		const path = directory();
		let box = open(path);
		const first = box.append(event(1), digest(1))!;
		box.append(event(2));
		box.ack(first);
		await Promise.resolve();
		expect(box.keys()).toEqual([digest(1)]);
		box = reopen(box, path);
		expect(box.keys()).toEqual([digest(1)]);
		const text = readFileSync(journalFiles(nodePath, path, 'shop').file, 'utf8');
		expect(text.split('\n')[1]).toBe(`{"k":["${digest(1)}"]}`);
		// Everything settled: the file is not cut back to its header, the digest stays.
		for (const {seq} of box.pending()) box.ack(seq);
		await Promise.resolve();
		box = reopen(box, path);
		expect(box.pending()).toEqual([]);
		expect(box.keys()).toEqual([digest(1)]);
	});

	it('bounded by maxKeys, each digest once', () => {
		const path = directory();
		const box = createOutbox({path, appName: 'shop', maxBytes: 1024 * 1024, maxKeys: 2})!;
		for (let index = 1; index <= 5; index++) box.append(event(index), digest(index));
		box.close();
		const again = createOutbox({path, appName: 'shop', maxBytes: 1024 * 1024, maxKeys: 2})!;
		expect(again.keys()).toEqual([digest(4), digest(5)]);
		again.close();
		const third = createOutbox({path, appName: 'shop', maxBytes: 1024 * 1024, maxKeys: 2})!;
		expect(third.keys()).toEqual([digest(4), digest(5)]);
		third.close();
	});

	it('in a small journal, the digests take at most a quarter of maxBytes: events still fit', () => {
		const path = directory();
		let box = open(path, {maxBytes: 4096});
		for (let index = 1; index <= 300; index++) {
			const seq = box.append({type: 'event', payload: {website: WEBSITE}}, digest(index))!;
			expect(seq).toBeGreaterThan(0);
			box.ack(seq);
		}
		box = reopen(box, path, {maxBytes: 4096});
		expect(box.keys()).toHaveLength(Math.floor(4096 / 4 / 19));
		expect(box.keys().at(-1)).toBe(digest(300));
		expect(box.append(event(1), digest(301))).toBeGreaterThan(0);
	});

	it('a malformed digest makes the file corrupt (never trusted half-way)', () => {
		const header = '{"umami-guard-outbox":1,"app":"shop"}';
		expect(parseJournal(`${header}\n{"k":["nothex"]}\n`, 'shop').corrupt).toContain('bad keys');
		expect(
			parseJournal(`${header}\n{"s":1,"k":"ada@example.com","e":${JSON.stringify(event(1))}}\n`, 'shop')
				.corrupt,
		).toContain('bad key');
		expect(parseJournal(`${header}\n{"k":["${digest(7)}"]}\n`, 'shop')).toMatchObject({
			corrupt: undefined,
			keys: [digest(7)],
		});
	});
});
