import type { z } from 'zod';
import { routePath, type ContractRoute, type RouteGroup } from '@cuntu/api-contract';

/** What a route answers on success (200–204) as JSON; `undefined` for an answer without a JSON body. */
export type ResultOf<R extends ContractRoute> = {
  [S in keyof R['responses'] & (200 | 201 | 202 | 204)]: R['responses'][S] extends { content: { 'application/json': { schema: infer B extends z.ZodType } } } ? z.output<B> : undefined;
}[keyof R['responses'] & (200 | 201 | 202 | 204)];

type Part<R extends ContractRoute, K extends 'params' | 'query'> = R['request'] extends { [P in K]: infer S extends z.ZodType } ? z.input<S> : never;
/** The JSON body a route takes, as the caller writes it. */
export type BodyOf<R extends ContractRoute> = R['request'] extends { body: { content: { 'application/json': { schema: infer S extends z.ZodType } } } } ? z.input<S> : never;

/** The arguments of a call, typed by the route: path parameters, query, JSON body, extra headers or a raw body. */
export interface CallInput<R extends ContractRoute> {
  params?: Part<R, 'params'>;
  query?: Part<R, 'query'> | Record<string, string | number | undefined>;
  body?: BodyOf<R>;
  headers?: Record<string, string>;
  /** A body sent as it is (a file, a multipart form) instead of JSON. */
  raw?: { body: BodyInit; contentType?: string };
}

/** A route's path with each `{name}` replaced by `fill(name)`. */
const fillPath = (route: ContractRoute, fill: (name: string) => string) => route.path.replace(/\{(\w+)\}/g, (_, name: string) => fill(name));

/**
 * A route's URL as a template: `params` written as given, unencoded (a tile URL's `{z}/{x}/{y}` for
 * MapLibre), made absolute against the page's origin where `baseUrl` is relative (map workers need it).
 */
export function routeTemplate(baseUrl: string, group: RouteGroup, route: ContractRoute, params: Record<string, string>): string {
  const url = `${baseUrl}${group.base}${fillPath(route, (name) => params[name] ?? '')}`;
  return /^[a-z]+:/i.test(url) || typeof location === 'undefined' ? url : `${location.origin}${url}`;
}

/** The address of a route with its path parameters filled in and its query appended. */
export function routeUrl(baseUrl: string, group: RouteGroup, route: ContractRoute, params: Record<string, unknown> = {}, query: Record<string, unknown> = {}): string {
  const path = fillPath(route, (name) => encodeURIComponent(String(params[name] ?? '')));
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') search.set(k, String(v));
  return `${baseUrl}${routePath(group, path)}${search.size ? `?${search}` : ''}`;
}
