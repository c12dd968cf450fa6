import type { Request } from 'express';

/**
 * Whether the response can still reach the client. `req.destroyed`, `req.aborted` and the request's
 * 'close' event do not tell (Node 20 sets and emits them once a complete body is read); the socket does:
 * a client that closes its side is ended by Node at once, so `writable` turns false before `destroyed`.
 */
export function clientStillConnected(request: Request): () => boolean {
  const socket = request.socket;
  return () => !socket.destroyed && socket.writable;
}
