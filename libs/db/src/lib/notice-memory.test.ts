import { describe, expect, it } from 'vitest';
import type { Database } from './open-database';
import { noticeMemory } from './notice-memory';

/** A database that never announces anything: the memory empties only by `forget` and by time. */
const silent = { listen: async () => async () => undefined } as unknown as Database;

describe('a process\'s memory of what it read from the database', () => {
  it('answers from memory until emptied, and does not remember a read that began before it was emptied', async () => {
    const memory = noticeMemory<number>(silent, 'accounts', { ttlMs: 60_000 });
    let answer!: (n: number) => void;
    const first = memory.read('k', () => new Promise((resolve) => (answer = resolve)));
    memory.forget();
    answer(1);
    expect(await first).toBe(1);
    let reads = 0;
    expect(await memory.read('k', async () => (reads++, 2))).toBe(2);
    expect(await memory.read('k', async () => (reads++, 3))).toBe(2);
    expect(reads).toBe(1);
    memory.forget();
    expect(await memory.read('k', async () => (reads++, 4))).toBe(4);
  });

  it('keeps no answer past its own end or its time, and none already ended', async () => {
    const memory = noticeMemory<{ n: number; end: number | null }>(silent, 'revisions', { ttlMs: 40, endOf: (a) => a.end });
    let reads = 0;
    const ending = async () => ({ n: ++reads, end: Date.now() + 20 });
    await memory.read('a', ending);
    expect((await memory.read('a', ending)).n).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 25));
    expect((await memory.read('a', ending)).n).toBe(2);
    const refused = async () => ({ n: ++reads, end: 0 });
    await memory.read('b', refused);
    expect((await memory.read('b', refused)).n).toBe(reads);
    const lasting = async () => ({ n: ++reads, end: null });
    const kept = (await memory.read('c', lasting)).n;
    expect((await memory.read('c', lasting)).n).toBe(kept);
    await new Promise((resolve) => setTimeout(resolve, 45));
    expect((await memory.read('c', lasting)).n).toBe(kept + 1);
  });
});
