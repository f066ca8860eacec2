/**
 * A least-recently-used cache of encoded tiles, bounded by bytes. Keys carry the layer's revision
 * stamp, so an edit makes the old entries unreachable (they age out) and no process serves a stale tile.
 */
export function createTileCache(maxBytes: number) {
  const entries = new Map<string, Uint8Array>();
  const stamps = new Map<string, string>();
  let bytes = 0;
  return {
    /** The stamp last seen for a layer (and profile): the tiles cached under it are likely still current. */
    lastStamp: (scope: string): string | undefined => stamps.get(scope),
    rememberStamp: (scope: string, stamp: string): void => void stamps.set(scope, stamp),
    get(key: string): Uint8Array | undefined {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
      }
      return hit;
    },
    set(key: string, tile: Uint8Array): void {
      if (tile.byteLength > maxBytes) return;
      const old = entries.get(key);
      if (old) bytes -= old.byteLength;
      entries.delete(key);
      entries.set(key, tile);
      bytes += tile.byteLength;
      for (const [oldest, value] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= value.byteLength;
      }
    },
    get size() {
      return { entries: entries.size, bytes };
    },
  };
}

export type TileCache = ReturnType<typeof createTileCache>;
