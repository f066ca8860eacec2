import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { authHeaderFor, openTestDatabase, recordingStatements, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

describe.each(TEST_DRIVERS)('what an edit re-judges, asked as few times as the answer can change, on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let editor: { authorization: string };
  /** How many times the road's affected villages were asked (the clustering of its county's network without it). */
  let roadAsks: () => number;
  const patch = async (id: number, properties: Record<string, unknown>) => {
    const current = await app.request(`/api/features/roads/${id}`, { headers: editor });
    const response = await app.request(`/api/features/roads/${id}`, {
      method: 'PATCH', headers: { ...editor, 'content-type': 'application/json', 'if-match': current.headers.get('etag')! },
      body: JSON.stringify({ properties }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { checks: { villages: string[] } };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const recorded = recordingStatements(database);
    roadAsks = () => recorded.sent.filter((text) => /cut_off AS/.test(text)).length;
    app = createApp({ database: recorded.database });
    editor = await authHeaderFor(app.request, 'editor-roads');
  });
  afterAll(() => database?.close());

  it('asks once which villages a road edit affects when the edit changes none of what the answer reads', async () => {
    const [road] = await database.rows<{ id: number; width: number | null }>(sql`SELECT id, width_m AS width FROM roads WHERE road_class = 'village' ORDER BY id LIMIT 1`);
    const before = roadAsks();
    const { checks } = await patch(road.id, { widthM: (road.width ?? 4) + 0.5, name: '加宽的通村路' });
    expect(roadAsks() - before).toBe(1);
    expect(checks.villages.length).toBeGreaterThan(0);
  });

  it('asks again after a road changes village, and re-judges the village it left and the one it joined', async () => {
    const [road] = await database.rows<{ id: number; village: string; other: string }>(sql`
      SELECT r.id, r.village_code AS village, (SELECT v.code FROM villages v WHERE v.code <> r.village_code ORDER BY v.code LIMIT 1) AS other
      FROM roads r WHERE r.road_class = 'village' AND r.village_code IS NOT NULL ORDER BY r.id DESC LIMIT 1`);
    const before = roadAsks();
    const { checks } = await patch(road.id, { villageCode: road.other });
    expect(roadAsks() - before).toBe(2);
    expect(checks.villages).toEqual(expect.arrayContaining([road.village, road.other]));
  });
});
