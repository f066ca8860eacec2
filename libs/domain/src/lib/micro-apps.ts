/**
 * The micro-apps the shell composes at runtime. Each is served under `/apps/<name>/` by the API in
 * production and runs alone on its dev port during development.
 */
export const MICRO_APPS = [
  { name: 'map', devPort: 4201, titleZh: '地图', titleEn: 'Map' },
  { name: 'infrastructure', devPort: 4202, titleZh: '基础设施', titleEn: 'Infrastructure' },
  { name: 'water', devPort: 4203, titleZh: '饮水安全', titleEn: 'Water' },
  { name: 'housing', devPort: 4204, titleZh: '住房安全', titleEn: 'Housing' },
] as const;

export type MicroAppName = (typeof MICRO_APPS)[number]['name'];

/** The shell's dev port; the API's default port. */
export const SHELL_DEV_PORT = 4200;
export const API_DEFAULT_PORT = 3000;

/** Where a built micro-app is served from in production (same origin as the API). */
export const microAppBase = (name: MicroAppName): string => `/apps/${name}/`;
