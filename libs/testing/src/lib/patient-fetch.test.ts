import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { patientFetch } from './patient-fetch';

/** A server that answers "busy" (503, Retry-After 1) to its first `busyTimes` requests, then 200 with the body it got. */
function busyServer(busyTimes: number, retryAfter: string | null = '1') {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push(`${request.method} ${body}`);
      if (seen.length <= busyTimes) {
        response.writeHead(503, retryAfter ? { 'retry-after': retryAfter } : {});
        return response.end('{"error":{"code":"busy"}}');
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ body }));
    });
  });
  return new Promise<{ server: Server; url: string; seen: string[] }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('patientFetch', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('sends a request the portal turned away as busy again after its Retry-After, body included', async () => {
    const busy = await busyServer(1);
    server = busy.server;
    const started = performance.now();
    const response = await patientFetch(busy.url)('/api/x', { method: 'POST', body: 'payload' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: 'payload' });
    expect(busy.seen).toEqual(['POST payload', 'POST payload']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('returns a 503 that names no Retry-After as it came', async () => {
    const busy = await busyServer(1, null);
    server = busy.server;
    expect((await patientFetch(busy.url)('/api/x')).status).toBe(503);
    expect(busy.seen).toHaveLength(1);
  });
});
