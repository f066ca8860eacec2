import { readSource, SourceError, type ReadOptions, type SourceTable } from '@cuntu/geo-io';
import { ApiError } from '../errors';

/** Reads an uploaded file; one that cannot be read is a 4xx saying why (413 when it holds too many rows). */
export async function readFileOrRefuse(fileName: string, bytes: Uint8Array, options: ReadOptions): Promise<SourceTable> {
  try {
    return await readSource(fileName, bytes, options);
  } catch (e) {
    if (e instanceof SourceError) throw new ApiError(e.code === 'too_many_features' ? 413 : 422, e.code, e.message, e.details ?? null);
    throw e;
  }
}

/** A download's Content-Disposition: an ASCII name for old clients, the real one (Chinese and all) for the rest. */
export const attachment = (name: string, kind: 'attachment' | 'inline' = 'attachment'): string => `${kind}; filename="${name.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;
