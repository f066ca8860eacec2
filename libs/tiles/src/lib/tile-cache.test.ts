import { describe, expect, it } from 'vitest';
import { createTileCache } from './tile-cache';

describe('the tile cache', () => {
  it('keeps the most recently used tiles within its byte budget', () => {
    const cache = createTileCache(10);
    cache.set('a', new Uint8Array(4));
    cache.set('b', new Uint8Array(4));
    expect(cache.get('a')?.byteLength).toBe(4); // a is now the most recent
    cache.set('c', new Uint8Array(4)); // over budget: b, the least recent, goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toEqual({ entries: 2, bytes: 8 });
    cache.set('huge', new Uint8Array(11));
    expect(cache.get('huge')).toBeUndefined();
    cache.set('a', new Uint8Array(2));
    expect(cache.size).toEqual({ entries: 2, bytes: 6 });
  });
});
