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

export async function createDemoUsers(database: Database): Promise<void> {
  const auth = createAuthRepo(database);
  for (const user of DEMO_USERS) await auth.createUser(user);
}
