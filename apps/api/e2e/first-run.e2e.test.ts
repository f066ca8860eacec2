import { describe, expect, it } from 'vitest';
import { DEMO_USERS } from '@cuntu/auth';
import { startPortal } from '@cuntu/testing';

const login = (url: string, username: string) => fetch(`${url}/api/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username, password: DEMO_USERS.find((u) => u.username === username)!.password }),
});

/** The start command's server on an empty data directory, as on a fresh machine. */
describe('the first run of the portal', () => {
  it('loads the sample county, creates the demo users and judges the county', async () => {
    const portal = await startPortal({ fromTemplate: false });
    try {
      expect(portal.output()).toContain('sample county loaded');
      expect(portal.output()).toMatch(/standards checks \(national-2015 v1\): \d+ verdicts/);
      const health = await (await portal.request(`/api/health`)).json();
      expect(health).toMatchObject({ driver: 'pglite', sampleCounty: { name: '奈曼旗', seed: 1, isSample: true }, counties: [{ code: '150525000000', name: '奈曼旗' }] });
      const response = await login(portal.url, 'admin');
      expect(response.status).toBe(200);
      const { token } = (await response.json()) as { token: string };
      const summary = await (await portal.request(`/api/checks/summary`, { headers: { authorization: `Bearer ${token}` } })).json();
      expect(summary.coverage.villages).toBeGreaterThan(270);
    } finally {
      await portal.stop();
    }
  }, 120_000);

  it('creates no sample data and no demo users when the deployment opts out', async () => {
    const portal = await startPortal({ fromTemplate: false, env: { CUNTU_SAMPLE_DATA: 'off' } });
    try {
      const health = await (await portal.request(`/api/health`)).json();
      expect(health.sampleCounty).toBeNull();
      expect(health.counties).toEqual([]);
      for (const user of DEMO_USERS) expect((await login(portal.url, user.username)).status).toBe(401);
    } finally {
      await portal.stop();
    }
  }, 120_000);
});
