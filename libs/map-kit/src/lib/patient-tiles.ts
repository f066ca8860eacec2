/** The scheme of tile addresses MapLibre loads through `patientTileLoader` rather than fetching them itself. */
export const PATIENT_TILES = 'cuntu-tiles';

/** A tile address template (`…/{z}/{x}/{y}.mvt`) that MapLibre loads through the patient loader. */
export const patientTileUrl = (template: string) => `${PATIENT_TILES}://${template}`;

/**
 * MapLibre's loader for `PATIENT_TILES` addresses: each tile read through `read` (the API client's,
 * which asks again after a busy portal's 503 and its Retry-After, as every read of the apps does).
 * MapLibre fetching a tile itself leaves one refused while busy empty until the map moves.
 */
export function patientTileLoader(read: (url: string, init: { signal: AbortSignal }) => Promise<Response>) {
  return async (params: { url: string }, abort: AbortController) => {
    const response = await read(params.url.slice(`${PATIENT_TILES}://`.length), { signal: abort.signal });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${params.url}`);
    return { data: await response.arrayBuffer(), cacheControl: response.headers.get('cache-control'), expires: response.headers.get('expires') };
  };
}
