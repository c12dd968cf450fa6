import type { Request } from 'express';

/** Two turns of the event loop: the second one's poll has read whatever the socket held when the first began. */
const pendingInputRead = (): Promise<void> => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

/**
 * Whether the response can still reach the client, as of everything the client sent before the question.
 * A close that arrived with the request is only read on a later turn of the event loop, so
 * the answer waits for two. `req.destroyed`, `req.aborted` and the request's 'close' event do not tell
 * (Node 20 sets and emits them once a complete body is read); the socket does: a client that closes its
 * side is ended by Node at once, so `writable` turns false before `destroyed`.
 */
export function clientStillConnected(request: Request): () => Promise<boolean> {
  const socket = request.socket;
  return async () => {
    await pendingInputRead();
    return !socket.destroyed && socket.writable;
  };
}
