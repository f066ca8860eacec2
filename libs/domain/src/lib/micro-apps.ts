import { message } from '@cuntu/messages';

/**
 * The micro-apps the shell composes at runtime. Each is served under `/apps/<name>/` by the API in
 * production and runs alone on its dev port during development.
 */
const APPS = [
  { name: 'map', devPort: 4201 },
  { name: 'infrastructure', devPort: 4202 },
  { name: 'water', devPort: 4203 },
  { name: 'housing', devPort: 4204 },
] as const;
/** …with their titles in both languages, from the catalogue (`microApp.<name>.title`). */
export const MICRO_APPS = APPS.map((app) => ({ ...app, titleZh: message('zh-CN', `microApp.${app.name}.title`), titleEn: message('en', `microApp.${app.name}.title`) }));

export type MicroAppName = (typeof APPS)[number]['name'];

/** The shell's dev port; the API's default port. */
export const SHELL_DEV_PORT = 4200;
export const API_DEFAULT_PORT = 3000;

/** Where a built micro-app is served from in production (same origin as the API). */
export const microAppBase = (name: MicroAppName): string => `/apps/${name}/`;
