import { describe, expect, it } from 'vitest';
import type { Database } from '@cuntu/db';
import { cachedSummary } from './summary-cache';

describe('the summary cache', () => {
  it('computes a summary once when many ask at the same time (after an import, every viewer asks at once)', async () => {
    const database = {} as Database;
    let computed = 0;
    const compute = async () => {
      computed++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { villages: 42 };
    };
    const answers = await Promise.all(Array.from({ length: 25 }, () => cachedSummary(database, '"s1"', compute)));
    expect(computed).toBe(1);
    expect(answers.every((a) => a.villages === 42)).toBe(true);
  });

  it('forgets a computation that failed, so the next asker tries again', async () => {
    const database = {} as Database;
    await expect(cachedSummary(database, '"s2"', async () => { throw new Error('database gone'); })).rejects.toThrow('database gone');
    expect(await cachedSummary(database, '"s2"', async () => 'fine')).toBe('fine');
  });
});
