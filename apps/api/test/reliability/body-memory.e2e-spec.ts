import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { envInteger, postForm, startServer, type ServerProcess } from '../support/processes';
import { openSocket } from '../support/raw-socket';
import { INTENDED_STATUS } from '../support/v1';

/**
 * Issue 20 point 1: request bodies must not pin memory without bound. Many connections each send a
 * share body of the largest size the server accepts, all but its last byte, and hold it there: the
 * server's resident memory stays under a bound, the bodies past its budget are refused at once, and a
 * legitimate share is still answered.
 */

/** How many connections hold a body (the figure; HUSH_BODY_HOLD_CONNECTIONS to change it). */
const CONNECTIONS = envInteger('HUSH_BODY_HOLD_CONNECTIONS', 950);
/** The goal for the 950-connection hold. */
const RSS_BOUND_MB = envInteger('HUSH_BODY_HOLD_RSS_MB', 250);
/** The largest share body the server takes with SECRET_MAX_BYTES=100000 (three bytes a byte, plus 64 KiB). */
const BODY_BYTES = 100_000 * 3 + 64 * 1024;

/** Resident and peak memory of a process, in MB (Linux). */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('bodies held open by many connections (issue 20, point 1)', () => {
  let server: ServerProcess;
  const sockets: Socket[] = [];
  const received: string[] = [];

  beforeAll(async () => {
    server = await startServer({ HTTP_REQUEST_TIMEOUT_SECONDS: '120', HTTP_HEADERS_TIMEOUT_SECONDS: '60' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await server?.stop();
  });

  it(`keeps RSS under ${RSS_BOUND_MB} MB with ${CONNECTIONS} almost-complete share bodies held, and still answers a share`, async () => {
    const pid = server.child.pid as number;
    const port = Number(new URL(server.url).port);
    for (let i = 0; i < 20; i++) expect((await postForm(`${server.url}/api/v1/share`, { secret: `warm-up ${i}` })).kind).toBe('response');
    const before = memoryMb(pid);

    const payload = Buffer.alloc(BODY_BYTES - 1, 'x');
    payload.write('secret=');
    const head = Buffer.from(`POST /api/v1/share HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${BODY_BYTES}\r\n\r\n`);
    let written = 0;
    for (let i = 0; i < CONNECTIONS; i++) {
      const { socket } = openSocket(port);
      const index = received.push('') - 1;
      socket.on('data', (chunk: Buffer) => (received[index] += chunk.toString('latin1')));
      sockets.push(socket);
      socket.write(head);
      socket.write(payload, () => (written += 1));
    }
    const refusedWith503 = new RegExp(`^HTTP/1.1 \\d+ [^\\r]*\\r\\n(?:[^\\r]+\\r\\n)*${INTENDED_STATUS}: 503\\r\\n`, 'i');
    const answered = () => received.filter((text) => text.startsWith('HTTP/1.1')).length;
    // Sampled until every body is sent and no more answers come: the server has read or refused them all.
    let held = memoryMb(pid);
    let last = -1;
    let quietSince = Date.now();
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(200)) {
      const now = memoryMb(pid);
      held = { rss: Math.max(held.rss, now.rss), peak: now.peak };
      if (answered() !== last) [last, quietSince] = [answered(), Date.now()];
      else if (written === CONNECTIONS && Date.now() - quietSince > 1500) break;
    }

    const share = await postForm(`${server.url}/api/v1/share`, { secret: 'a legitimate share' }, { timeoutMs: 10_000 });
    const refused = received.filter((text) => refusedWith503.test(text)).length;
    process.stdout.write(
      `body hold: ${CONNECTIONS} connections × ${BODY_BYTES - 1} bytes: RSS ${before.rss} MB before, at most ${held.rss} MB held (peak ${held.peak} MB); ` +
        `${refused} refused with 503, ${answered() - refused} other answers, ${CONNECTIONS - answered()} holding; share ${share.kind === 'response' ? share.status : share.kind}\n`,
    );

    expect(held.rss).toBeLessThan(RSS_BOUND_MB);
    expect(share).toMatchObject({ kind: 'response', status: 200 });
    // Past the budget a body is refused at once, not read; nothing else is answered while the rest wait for their last byte.
    expect(refused).toBeGreaterThan(0);
    expect(answered()).toBe(refused);
  }, 90_000);
});
