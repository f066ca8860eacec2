import type { Context } from 'hono';
import { ApiError } from '../errors';

/** A numeric id from the path (a record kept beside a feature, or the feature itself); 404 when it cannot be one. */
export const idOf = (c: Context, name: string) => {
  const raw = c.req.param(name) ?? '';
  if (!/^\d{1,10}$/.test(raw)) throw new ApiError(404, name === 'id' ? 'feature_not_found' : 'test_not_found', `No record "${raw}"`);
  return Number(raw);
};

/** The ETag of the record the client started from: 428 when missing. */
export function recordIfMatch(c: Context): string {
  const header = c.req.header('if-match')?.trim().replace(/^W\//, '');
  if (!header) throw new ApiError(428, 'precondition_required', { key: 'error.recordIfMatchRequired' });
  return header;
}
