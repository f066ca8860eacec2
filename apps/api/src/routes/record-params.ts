import type { Context } from 'hono';
import type { LayerId } from '@cuntu/domain';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { regionOf } from '../auth/region';
import { featuresService } from '../features/features.service';
import { featureContext } from './features.routes';

/** A numeric id from the path (a record kept beside a feature, or the feature itself); 404 when it cannot be one. */
export const idOf = (c: Context, name: string) => {
  const raw = c.req.param(name) ?? '';
  if (!/^\d{1,10}$/.test(raw)) throw new ApiError(404, name === 'id' ? 'feature_not_found' : 'test_not_found', `No record "${raw}"`);
  return Number(raw);
};

/** The id of the feature a record is kept beside (a water source, a relocation site), which must lie in the user's region (404 / 403). */
export async function ownerIdOf(c: Context<AppEnv>, layer: LayerId): Promise<number> {
  const id = idOf(c, 'id');
  if (regionOf(c.get('user')) !== null) await featuresService.get(featureContext(c), layer, id);
  return id;
}

/** The ETag of the record the client started from: 428 when missing. */
export function recordIfMatch(c: Context): string {
  const header = c.req.header('if-match')?.trim().replace(/^W\//, '');
  if (!header) throw new ApiError(428, 'precondition_required', { key: 'error.recordIfMatchRequired' });
  return header;
}
