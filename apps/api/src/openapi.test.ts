import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import type { Database } from '@cuntu/db';
import { createApp } from './app';
import { buildOpenApi } from './routes/openapi.routes';

/** The app's routes as the document writes them: `GET /api/features/{layer}`; middleware and catch-alls left out. */
function servedRoutes(app: ReturnType<typeof createApp>): string[] {
  const routes = app.routes
    .filter((r) => r.method !== 'ALL' && /^\/(api|ogc)(\/|$)/.test(r.path) && r.path !== '/ogc/')
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(routes)].sort();
}

describe('the OpenAPI document', () => {
  // The document is built from the routes the app registers; no request, so no database is opened.
  const app = createApp({ database: { driver: 'postgres' } as Database });
  const document = buildOpenApi(app) as unknown as Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

  it('is valid OpenAPI 3.0', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route the API and OGC API serve, and nothing they do not', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)).sort();
    expect(documented).toEqual(servedRoutes(app));
    expect(documented.length).toBeGreaterThan(60);
  });

  it('gives each operation the schema of its JSON answer and the error body', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations as Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>)) {
        const answers = Object.entries(operation.responses);
        if (!answers.some(([status, r]) => /^2/.test(status) && (r.content === undefined || Object.values(r.content).every((c) => c.schema)))) missing.push(`${method} ${path}: success`);
        for (const [status, r] of answers) if (/^[45]/.test(status) && !r.content?.['application/json']?.schema) missing.push(`${method} ${path}: ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
