import { createServer } from 'node:net';

/** Ports already handed out in this process: once a probe closes, the OS may offer its port to the next probe. */
const handedOut = new Set<number>();

function probe(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * A loopback port that nothing listened on a moment ago and that this process has not handed out before. Another
 * process may still bind it before its user listens: whoever starts a process on it retries on EADDRINUSE.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await probe();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
