import type { INestApplication } from '@nestjs/common';
import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';

/** Requests already on the wire when the signal comes still arrive and are served. */
const DRAIN_GRACE_MS = 500;

/**
 * Stops accepting connections at once, keeps serving the ones already open for a short grace, then
 * closes the app: idle connections close, in-flight requests finish, the scheduler stops, the pool
 * and the embedded database close.
 */
export async function shutDownGracefully(app: INestApplication): Promise<void> {
  const server = app.getHttpServer() as Server;
  // net.Server's close stops listening only; http.Server's would also drop connections whose request is still arriving.
  NetServer.prototype.close.call(server);
  await new Promise((resolve) => setTimeout(resolve, DRAIN_GRACE_MS));
  await app.close();
}
