import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { LAYER_IDS, LAYER_PROPERTY_SCHEMAS, LAYERS } from '@cuntu/domain';
import type { AppEnv } from '../env';

/**
 * The OpenAPI 3.0 document of the REST API and OGC API Features, generated from the routes the app
 * registered (each declared in `@cuntu/api-contract` with its request and response schemas), with the
 * property schema of every layer beside them.
 */
export function buildOpenApi(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookie', { type: 'apiKey', in: 'cookie', name: 'cuntu_session' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'basic', { type: 'http', scheme: 'basic', description: 'Desktop GIS clients: /ogc and /api/tiles only, under the login lockout' });
  const document = app.getOpenAPIDocument({
    openapi: '3.0.3',
    info: { title: '村图 Cuntu API', version: '1.0.0', description: 'County GIS portal for rural infrastructure standards. Login: POST /api/auth/login; then send the cookie or `Authorization: Bearer <token>`. Errors: `{ error: { code, message, details } }`, the message in the language of `Accept-Language` (zh-CN by default).' },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { cookie: [] }],
  });
  const layerSchemas = Object.fromEntries(LAYER_IDS.map((layer) => [`${layer}Properties`, { description: `${LAYERS[layer].labelZh} ${LAYERS[layer].labelEn}`, ...z.toJSONSchema(LAYER_PROPERTY_SCHEMAS[layer], { target: 'openapi-3.0' }) }]));
  return { ...document, components: { ...document.components, schemas: { ...document.components?.schemas, ...layerSchemas } } };
}
