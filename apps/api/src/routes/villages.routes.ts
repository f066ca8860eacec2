import type { Context } from 'hono';
import { villagesApi } from '@cuntu/api-contract';
import { ApiError } from '../errors';
import { expectedVersion } from '../features/request-parsing';
import { servicesEtag, villageServicesService } from '../villages/village-services.service';
import { featureContext } from './features.routes';
import { contractRouter, refuseInvalidFields } from './contract-routes';

const codeParam = (c: Context) => {
  const code = c.req.param('code') ?? '';
  if (!/^\d{12}$/.test(code)) throw new ApiError(404, 'village_not_found', `A village code has 12 digits, not "${code}"`);
  return code;
};

/** A village's power, radio / TV and broadband (its latest statistics), with an ETag for optimistic locking. */
export const villagesRoutes = contractRouter()
  .openapi(villagesApi.routes.services, async (c) => {
    const services = await villageServicesService.get(featureContext(c), codeParam(c));
    c.header('ETag', servicesEtag(services));
    return c.json(services, 200);
  })
  .openapi(villagesApi.routes.updateServices, async (c) => {
    const code = codeParam(c);
    const version = expectedVersion(c);
    const result = await villageServicesService.update(featureContext(c), code, version, c.req.valid('json'));
    c.header('ETag', servicesEtag(result.services));
    return c.json(result, 200);
  }, refuseInvalidFields);
