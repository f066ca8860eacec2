import { message } from '@cuntu/messages';
import type { EditorTeam } from './layers';

/**
 * The micro-apps the shell composes at runtime. Each is served under `/apps/<name>/` by the API in
 * production and runs alone on its dev port during development.
 */
const APPS = [
  { name: 'map', devPort: 4201, team: null },
  { name: 'infrastructure', devPort: 4202, team: 'roads' },
  { name: 'water', devPort: 4203, team: 'water' },
  { name: 'housing', devPort: 4204, team: 'housing' },
] as const satisfies ReadonlyArray<{ name: string; devPort: number; team: EditorTeam | null }>;
/** …with their titles in both languages, from the catalogue (`microApp.<name>.title`). */
export const MICRO_APPS = APPS.map((app) => ({ ...app, titleZh: message('zh-CN', `microApp.${app.name}.title`), titleEn: message('en', `microApp.${app.name}.title`) }));

export type MicroAppName = (typeof APPS)[number]['name'];
/** The team whose layers a micro-app edits (none for the planner's map). */
export const teamOfApp = (name: MicroAppName): EditorTeam | null => APPS.find((app) => app.name === name)!.team;

/** The shell's dev port; the API's default port. */
export const SHELL_DEV_PORT = 4200;
export const API_DEFAULT_PORT = 3000;

/** Where a built micro-app is served from in production (same origin as the API). */
export const microAppBase = (name: MicroAppName): string => `/apps/${name}/`;

/** The micro-app a page of the shell opens on: its path's first segment, `/` the planner's map; null for the shell's own pages. */
export function openingMicroApp(pathname: string): MicroAppName | null {
  const first = pathname.split('/')[1] || 'map';
  return APPS.find((app) => app.name === first)?.name ?? null;
}
