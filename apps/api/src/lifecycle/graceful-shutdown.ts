import { Injectable, type INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';

/** Long enough for a load balancer to see readiness fail and for connections already queued to be accepted. */
const DRAIN_GRACE_MS = 500;
const IDLE_SWEEP_MS = 50;

/** Set once shutdown begins; readiness reports unavailable from then on. */
@Injectable()
export class ShutdownState {
  shuttingDown = false;
}

/**
 * On SIGTERM: readiness fails at once; for a short grace the server still accepts (closing the listening
 * socket immediately would reset connections waiting in the kernel's accept queue); then it stops
 * accepting, closes connections as they fall idle, waits for every in-flight request, and closes the app
 * (the scheduler stops, the pool and the embedded database close).
 */
export async function shutDownGracefully(app: INestApplication): Promise<void> {
  app.get(ShutdownState).shuttingDown = true;
  await new Promise((resolve) => setTimeout(resolve, DRAIN_GRACE_MS));
  const server = app.getHttpServer() as Server;
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  try {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  } finally {
    clearInterval(sweep);
  }
  await app.close();
}
