// The server side of the client benchmark, in its own process so that its work does
// not count against either contender. Prints its port, then answers every request
// with the same small JSON user, or with ECHO_BODY (the mock bench's raw ceiling).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = process.env.ECHO_BODY ?? JSON.stringify({ id: '3f6b0c1e-6d1a-4f0e-9b7e-2a4c8d5e9f10', email: 'ada@example.com', displayName: 'Ada Lovelace', createdAt: '2026-01-15T09:30:00Z' });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
process.on('disconnect', () => process.exit(0));
