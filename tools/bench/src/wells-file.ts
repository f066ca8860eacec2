import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Random } from '@cuntu/sample-data';

const KINDS = ['well', 'spring', 'small_works', 'purifier'];

/**
 * A GeoJSON file of `n` wells scattered within a kilometre of the given village committees (all inside
 * the county), written to `dir`: what the import benchmarks upload.
 */
export async function wellsFile(dir: string, n: number, committees: Array<[number, number]>, idPrefix = 'BENCH'): Promise<{ file: string; bytes: Uint8Array }> {
  const rng = new Random(11);
  const file = path.join(dir, `water_sources-${idPrefix}-${n}.geojson`);
  await writeFile(file, JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from({ length: n }, (_, i) => {
      const [lon, lat] = committees[i % committees.length];
      return {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [Number((lon + rng.float(-0.008, 0.008, 6)).toFixed(6)), Number((lat + rng.float(-0.006, 0.006, 6)).toFixed(6))] },
        properties: { externalId: `${idPrefix}-${i}`, name: `测试水井${i}`, kind: KINDS[i % KINDS.length], dailyCapacityM3: rng.int(1, 500), populationServed: rng.int(5, 2000) },
      };
    }),
  }));
  const bytes = new Uint8Array(await readFile(file));
  console.log(`${n} water sources, ${(bytes.length / 1048576).toFixed(1)} MB of GeoJSON`);
  return { file, bytes };
}
