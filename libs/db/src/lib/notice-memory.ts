import { onChange, type ChangeTopic } from './change-notices';
import type { Database } from './open-database';

export interface NoticeMemory<T> {
  /** The answer for `key` from memory, else `read` from the database and remembered. */
  read(key: string, read: () => Promise<T>): Promise<T>;
  /** Forgets every answer: after a write this process answered, before the answer leaves. */
  forget(): void;
}

export interface NoticeMemoryOptions<T> {
  /** How long an answer is used without asking the database again: bounds how long a copy could outlive a write whose notice was lost with its connection. */
  ttlMs: number;
  /** Answers remembered at most; beyond, the memory starts again. Default: 2,000. */
  maxEntries?: number;
  /** An answer's own end (epoch ms) past which it is not used, or null for none; one already past (0) is not remembered at all. */
  endOf?: (answer: T) => number | null;
}

/**
 * A process's memory of answers read from the database (who a login is, a tile's stamp): emptied when
 * any process writes what `topic` covers (the database announces it, `onChange`) and by `forget`, and
 * each answer kept for `ttlMs` at most. A read that began before the memory was emptied is not
 * remembered: it may have read what the write changed.
 */
export function noticeMemory<T>(database: Database, topic: ChangeTopic, { ttlMs, maxEntries = 2_000, endOf }: NoticeMemoryOptions<T>): NoticeMemory<T> {
  const answers = new Map<string, { answer: T; until: number }>();
  let generation = 0;
  const forget = () => {
    generation++;
    answers.clear();
  };
  onChange(database, topic, forget);
  return {
    async read(key, read) {
      const hit = answers.get(key);
      if (hit && hit.until > Date.now()) return hit.answer;
      const asked = generation;
      const answer = await read();
      const until = Math.min(Date.now() + ttlMs, endOf?.(answer) ?? Infinity);
      // Emptied meanwhile: what another read put here since is fresher than this answer; left as it is.
      if (asked !== generation) return answer;
      if (until > Date.now()) {
        if (answers.size >= maxEntries) answers.clear();
        answers.set(key, { answer, until });
      } else answers.delete(key);
      return answer;
    },
    forget,
  };
}
