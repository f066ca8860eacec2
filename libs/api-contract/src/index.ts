export * from './lib/routes';
export * from './lib/schemas';
export { route, group, routePath, errors, json, ok, ERROR_DESCRIPTIONS } from './lib/route';
export type { ContractRoute, RouteGroup, Content } from './lib/route';
