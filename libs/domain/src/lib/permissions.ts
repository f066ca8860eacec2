import { LAYERS, type EditorTeam, type LayerId } from './layers';
import type { Role } from './enums';

/** Who is asking: enough of a user to decide what they may do. */
export interface Principal {
  id: number;
  username: string;
  roles: Role[];
  editorTeams: EditorTeam[];
  /** The region the account is limited to (a division code, `regions.ts`), or null for the whole deployment. */
  region: string | null;
}

export const isAdmin = (p: Principal | null): boolean => !!p?.roles.includes('admin');

/** Writes to a layer need an editor role for the layer's team, or admin (villages and groups: admin only). */
export function canWriteLayer(p: Principal | null, layer: LayerId): boolean {
  if (!p) return false;
  if (isAdmin(p)) return true;
  const team = LAYERS[layer].team;
  return team !== 'admin' && p.roles.includes('editor') && p.editorTeams.includes(team as EditorTeam);
}

/** Household personal data (head of household's name, ID number, phone): housing editors and admins only. */
export const canSeePersonalData = (p: Principal | null): boolean => isAdmin(p) || (!!p?.roles.includes('editor') && p.editorTeams.includes('housing'));
