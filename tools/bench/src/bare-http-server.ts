import http from 'node:http';

/**
 * The floor of any HTTP tile server, for the province benchmark: a bare Node server, in a process of its
 * own as the API is, answering `/?bytes=N` with N bytes from memory and a tile's headers. What a tile
 * costs through it is what HTTP alone costs, whatever makes the tile. Listens on `HOST`:`PORT`
 * (`startServerProcess`) and says so.
 */
const MVT_HEADERS = { 'Content-Type': 'application/vnd.mapbox-vector-tile', ETag: 'W/"bare"', 'Cache-Control': 'private, no-cache' };
let body = Buffer.alloc(0);
const server = http.createServer((req, res) => {
  const bytes = Number(/[?&]bytes=(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
  if (body.length < bytes) body = Buffer.alloc(bytes, 1);
  res.writeHead(bytes ? 200 : 204, MVT_HEADERS);
  res.end(bytes ? body.subarray(0, bytes) : undefined);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
