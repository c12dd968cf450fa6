import { secretRows } from '../support/database';
import { listenOnLoopback, openSocket } from '../support/raw-socket';
import { useTestApp } from '../support/test-app';

describe('slow and idle clients are not held for Node defaults (HTTP_* timeouts, HTTP_MAX_CONNECTIONS)', () => {
  const t = useTestApp({
    HTTP_HEADERS_TIMEOUT_SECONDS: '1',
    HTTP_REQUEST_TIMEOUT_SECONDS: '2',
    HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '1',
    HTTP_MAX_CONNECTIONS: '3',
  });
  let port: number;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ port, stop } = await listenOnLoopback(t));
  });
  afterAll(() => stop());

  it('closes a connection whose headers never finish, within the headers timeout', async () => {
    const { socket, closed } = openSocket(port);
    socket.write('POST /api/v1/share HTTP/1.1\r\nHost: hush\r\n');
    const { ms, received } = await closed;
    expect(ms).toBeLessThan(4000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('cuts off a body trickled a byte at a time, within the request timeout, and stores nothing', async () => {
    const { socket, closed } = openSocket(port);
    socket.write('POST /api/v1/share HTTP/1.1\r\nHost: hush\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nsecret=');
    const trickle = setInterval(() => socket.writable && socket.write('x'), 300);
    try {
      const { ms } = await closed;
      expect(ms).toBeLessThan(5000);
    } finally {
      clearInterval(trickle);
    }
    expect(await secretRows(t)).toBe(0);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const { socket, closed } = openSocket(port);
    socket.write('GET /api/v1/status HTTP/1.1\r\nHost: hush\r\n\r\n');
    const { ms, received } = await closed;
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(4000);
  });

  it('refuses connections beyond HTTP_MAX_CONNECTIONS at once, and serves again when they are gone', async () => {
    const held = [openSocket(port), openSocket(port), openSocket(port)];
    await new Promise((resolve) => setTimeout(resolve, 200));
    const extra = openSocket(port);
    extra.socket.write('GET /api/v1/status HTTP/1.1\r\nHost: hush\r\n\r\n');
    const { ms, received } = await extra.closed;
    expect(received).toBe('');
    expect(ms).toBeLessThan(1000);
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map(({ closed }) => closed));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/status`);
    expect(res.status).toBe(200);
  });
});
