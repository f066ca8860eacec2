import { sql } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
import type { EditorTeam, Role } from '@cuntu/domain';
import { createAuthRepo } from './auth.repo';

/**
 * The demo accounts of the sample county, listed with their passwords in the README. They are created
 * only together with the sample data, never in a deployment without it.
 */
export const DEMO_USERS: ReadonlyArray<{ username: string; password: string; displayName: string; roles: Role[]; editorTeams: EditorTeam[] }> = [
  { username: 'viewer', password: 'cuntu-viewer-2020', displayName: '规划员（演示）', roles: ['viewer'], editorTeams: [] },
  { username: 'leader', password: 'cuntu-leader-2020', displayName: '分管领导（演示）', roles: ['leader'], editorTeams: [] },
  { username: 'editor-roads', password: 'cuntu-roads-2020', displayName: '交通组（演示）', roles: ['editor'], editorTeams: ['roads'] },
  { username: 'editor-water', password: 'cuntu-water-2020', displayName: '水利组（演示）', roles: ['editor'], editorTeams: ['water'] },
  { username: 'editor-housing', password: 'cuntu-housing-2020', displayName: '住建组（演示）', roles: ['editor'], editorTeams: ['housing'] },
  { username: 'admin', password: 'cuntu-admin-2020', displayName: '管理员（演示）', roles: ['admin'], editorTeams: [] },
];

/**
 * Creates the demo accounts. All but the administrator are limited to the sample's region: its county
 * (or, for a sample of several counties, their prefecture); the administrator keeps the whole deployment,
 * so it can add counties.
 */
export async function createDemoUsers(database: Database): Promise<void> {
  const auth = createAuthRepo(database);
  const [sample] = await database.rows<{ county: string | null; counties: number; prefectures: number; prefecture: string | null }>(sql`
    SELECT min(code) AS county, count(*)::int AS counties, count(DISTINCT prefecture_code)::int AS prefectures, min(prefecture_code) AS prefecture FROM counties`);
  const region = sample.counties === 1 ? sample.county : sample.prefectures === 1 ? sample.prefecture : null;
  for (const user of DEMO_USERS) await auth.createUser({ ...user, region: user.roles.includes('admin') ? null : region });
}
