import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { authHeaderFor, openTestDatabase, recordingStatements, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

describe.each(TEST_DRIVERS)('the layers\' counts, remembered by the process until a layer is written, on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let admin: { authorization: string };
  let countings: () => number;
  const housesCounted = async () => {
    const response = await app.request('/api/layers', { headers: admin });
    expect(response.status).toBe(200);
    return ((await response.json()) as { layers: Array<{ layer: string; count: number }> }).layers.find((l) => l.layer === 'houses')!.count;
  };
  const houses = async () => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM houses`))[0].n;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    const recorded = recordingStatements(database);
    countings = () => recorded.sent.filter((text) => /count\(\*\)::int FROM "houses"/.test(text)).length;
    app = createApp({ database: recorded.database });
    admin = await authHeaderFor(app.request, 'admin');
  });
  afterAll(() => database?.close());

  it('counts once for several readers', async () => {
    const before = countings();
    expect(await housesCounted()).toBe(await houses());
    expect(await housesCounted()).toBe(await houses());
    expect(countings() - before).toBe(1);
  });

  it('counts again after a write through this process, and soon after one made past it', async () => {
    const { body } = { body: await (await app.request('/api/features/houses?limit=1', { headers: admin })).json() as { features: Array<{ id: number }> } };
    const id = body.features[0].id;
    const current = await app.request(`/api/features/houses/${id}`, { headers: admin });
    expect((await app.request(`/api/features/houses/${id}`, { method: 'DELETE', headers: { ...admin, 'if-match': current.headers.get('etag')! } })).status).toBe(204);
    expect(await housesCounted()).toBe(await houses());
    await database.rows(sql`DELETE FROM houses WHERE id = (SELECT max(id) FROM houses)`);
    await expect.poll(housesCounted, { timeout: 1_000, interval: 10 }).toBe(await houses());
  });
});
