import type { z } from 'zod';
import { errorSchema } from './schemas';

/** A request or response body: a schema per media type. */
export type Content = Record<string, { schema: z.ZodType }>;

/**
 * One endpoint of the API as both sides see it: method, path (relative to its group's base, with
 * `{param}`), what it takes and what it answers. The shape is the route configuration of
 * `@hono/zod-openapi`, so the API registers it as it is and the OpenAPI document is generated from it;
 * the client infers its argument and result types from the same object.
 */
export interface ContractRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  /** `[]`: no login needed. */
  security?: Array<Record<string, string[]>>;
  request?: {
    params?: z.ZodObject;
    query?: z.ZodObject;
    headers?: z.ZodObject;
    body?: { content: Content; required?: boolean; description?: string };
  };
  responses: Record<number, { description: string; content?: Content; headers?: z.ZodObject }>;
}

/** Declares a route, keeping its literal types (method, status codes, schemas) for both sides. */
export const route = <const R extends ContractRoute>(r: R): R => r;

/** A group of routes served under one base path. */
export interface RouteGroup<R extends Record<string, ContractRoute> = Record<string, ContractRoute>> {
  base: string;
  tag: string;
  routes: R;
}
export const group = <const R extends Record<string, ContractRoute>>(base: string, tag: string, routes: R): RouteGroup<R> => ({
  base, tag, routes: Object.fromEntries(Object.entries(routes).map(([name, r]) => [name, { tags: [tag], ...r }])) as R,
});

/** The address of a route in `group` whose path (its parameters filled in) is `path`: the group's root without a trailing slash. */
export const routePath = (group: RouteGroup, path: string): string => `${group.base}${path === '/' ? '' : path}`;

export const ERROR_DESCRIPTIONS = {
  400: 'Malformed request: the details name each bad parameter or field',
  401: 'Login required',
  403: 'Not allowed for this role',
  404: 'Not found',
  409: 'Conflict: a duplicate, a closed job, or work already running',
  412: 'Stale If-Match: the record changed since it was loaded',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'Invalid properties or geometry: the details name each field',
  428: 'If-Match missing',
  429: 'Too many failed logins',
  503: 'Unavailable: a font or a resource the server lacks',
} as const;
type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** The error answers a route can give, each with the one error body. */
export const errors = <const C extends readonly ErrorStatus[]>(...codes: C) =>
  Object.fromEntries(codes.map((code) => [code, { description: ERROR_DESCRIPTIONS[code], content: { 'application/json': { schema: errorSchema } } }])) as {
    [K in C[number]]: { description: string; content: { 'application/json': { schema: typeof errorSchema } } };
  };

/** A JSON body or answer. */
export const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } });
/** A JSON answer with its description. */
export const ok = <S extends z.ZodType>(schema: S, description = 'OK') => ({ description, content: json(schema) });
