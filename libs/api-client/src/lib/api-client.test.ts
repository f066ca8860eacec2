import { describe, expect, it } from 'vitest';
import { ApiClientError, createApiClient } from './api-client';

/** A fetch that records what it was asked and answers with `answer`. */
function fakeFetch(answer: () => Response) {
  const asked: Array<{ url: string; init: RequestInit }> = [];
  const doFetch = (async (url: string, init: RequestInit) => {
    asked.push({ url, init });
    return answer();
  }) as unknown as typeof fetch;
  return { asked, doFetch };
}

describe('the API client, calling the contract\'s routes', () => {
  it('fills path parameters, drops empty query values and sends If-Match and the JSON body', async () => {
    const { asked, doFetch } = fakeFetch(() => Response.json({ type: 'Feature', id: 7, geometry: null, properties: { version: 4 }, checks: null }, { headers: { etag: '"v4"' } }));
    const api = createApiClient({ baseUrl: 'http://portal', fetch: doFetch });
    await api.features('roads', { surface: 'gravel', sort: undefined, limit: 5 });
    await api.updateFeature('water_sources', 'a/b', 3, { properties: { name: '井' } });
    expect(asked[0].url).toBe('http://portal/api/features/roads?surface=gravel&limit=5');
    expect(asked[1].url).toBe('http://portal/api/features/water_sources/a%2Fb');
    expect(asked[1].init.method).toBe('PATCH');
    expect(asked[1].init.headers).toMatchObject({ 'if-match': '"v3"', 'content-type': 'application/json' });
    expect(JSON.parse(String(asked[1].init.body))).toEqual({ properties: { name: '井' } });
  });

  it('returns the ETag where a record is locked by it, and nothing for a 204', async () => {
    let status = 200;
    const { doFetch } = fakeFetch(() => (status === 204 ? new Response(null, { status }) : Response.json({ groups: [] }, { headers: { etag: '"g1"' } })));
    const api = createApiClient({ fetch: doFetch });
    expect(await api.water.servedGroups(4)).toEqual({ groups: [], etag: '"g1"' });
    status = 204;
    expect(await api.logout()).toBeUndefined();
  });

  it('asks a read again after the Retry-After of a 503 (busy), a few times at most, and never repeats a write', async () => {
    const busy = () => Response.json({ error: { code: 'busy', message: '系统繁忙，请 4 秒后重试', details: null } }, { status: 503, headers: { 'retry-after': '4' } });
    let busyFor = 2;
    const { asked, doFetch } = fakeFetch(() => (busyFor-- > 0 ? busy() : Response.json({ features: [] })));
    const waited: number[] = [];
    const api = createApiClient({ fetch: doFetch, wait: async (ms) => void waited.push(ms) });
    expect(await api.features('roads', {})).toEqual({ features: [] });
    expect([asked.length, waited]).toEqual([3, [4_000, 4_000]]);

    busyFor = 100;
    const stillBusy = await api.features('roads', {}).catch((e: unknown) => e);
    expect(stillBusy).toMatchObject({ status: 503, code: 'busy' });
    expect(asked.length).toBe(3 + 5);

    asked.length = 0;
    const write = await api.createFeature('roads', { geometry: null, properties: {} }).catch((e: unknown) => e);
    expect(write).toMatchObject({ status: 503 });
    expect(asked.length).toBe(1);
  });

  it('reads an address it named (a tile) as patiently as any read, and gives the answer as it came', async () => {
    let busyFor = 1;
    const { asked, doFetch } = fakeFetch(() => (busyFor-- > 0 ? new Response(null, { status: 503, headers: { 'retry-after': '1' } }) : new Response(new Uint8Array([26, 2]), { status: 200 })));
    const waited: number[] = [];
    const api = createApiClient({ fetch: doFetch, wait: async (ms) => void waited.push(ms) });
    const tile = await api.read(api.tileUrlTemplate('roads').replace('{z}/{x}/{y}', '10/1/2'));
    expect([tile.status, [...new Uint8Array(await tile.arrayBuffer())], asked.length, waited]).toEqual([200, [26, 2], 2, [1_000]]);
  });

  it('throws the API\'s error with its code, message and details', async () => {
    const { doFetch } = fakeFetch(() => Response.json({ error: { code: 'invalid_properties', message: '属性有误', details: [{ field: 'name', problem: '必填' }] } }, { status: 422 }));
    const error = await createApiClient({ fetch: doFetch }).createFeature('roads', { geometry: null, properties: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiClientError);
    expect(error).toMatchObject({ status: 422, code: 'invalid_properties', message: '属性有误', details: [{ field: 'name', problem: '必填' }] });
  });

  it('sends a file as it is and takes a PDF back as a Blob', async () => {
    const { asked, doFetch } = fakeFetch(() => new Response(new Uint8Array([37, 80, 68, 70]), { headers: { 'content-type': 'application/pdf' } }));
    const api = createApiClient({ fetch: doFetch });
    const form = new FormData();
    form.set('spec', '{}');
    const pdf = await api.briefings.snapshotPdf(form);
    expect(asked[0].url).toBe('/api/briefings/snapshot.pdf');
    expect(asked[0].init.body).toBe(form);
    expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(new Uint8Array([37, 80, 68, 70]));
  });
});
