import { Agent, request } from 'node:http';

export interface PacedResult {
  /** Pairs started per second, as asked. */
  readonly rate: number;
  readonly pairs: number;
  readonly errors: number;
  /** Single requests (shares and reveals alike), in ms, each from the moment it was due to start. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The slowest requests' due times, in seconds from the start: where in the run the stalls were. */
  readonly slowestAtS: readonly number[];
  /** The slowest 1 % of requests: when each was due (ms since the epoch, to line stalls up with other traces) and how long it took. */
  readonly slowestRequests: readonly { readonly dueAtMs: number; readonly ms: number }[];
}

function post(agent: Agent, url: URL, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * Open loop: a share+reveal pair is started every 1/rate seconds whether or not earlier ones have
 * finished, so a stall shows as the latency of every request due during it (a closed loop would wait,
 * and hide it). The share's latency counts from its due time; the reveal follows its share at once.
 */
export async function runPaced(baseUrl: string, rate: number, seconds: number, warmupSeconds = 2): Promise<PacedResult> {
  // Connections opened, code compiled and caches filled first: a cold start is not a latency spike.
  if (warmupSeconds > 0) await runPaced(baseUrl, rate, warmupSeconds, 0);
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: { ms: number; dueS: number }[] = [];
  let errors = 0;
  const pairs: Promise<void>[] = [];
  const started = performance.now();
  const epochOffset = Date.now() - started;
  const total = Math.round(rate * seconds);
  const one = async (index: number, due: number) => {
    try {
      const shared = await post(agent, url, '/api/v1/share', `secret=paced+benchmark+value+${index}+xxxxxxxxxxxxxxxxxxxxxxxx`);
      const afterShare = performance.now();
      latencies.push({ ms: afterShare - due, dueS: (due - started) / 1000 });
      if (shared.status !== 200) throw new Error(`share ${shared.status}`);
      const key = (JSON.parse(shared.text) as { secret_key: string }).secret_key;
      const revealed = await post(agent, url, `/api/v1/secret/${key}`, '');
      latencies.push({ ms: performance.now() - afterShare, dueS: (afterShare - started) / 1000 });
      if (revealed.status !== 200) throw new Error(`reveal ${revealed.status}`);
    } catch {
      errors++;
    }
  };
  for (let index = 0; index < total; ) {
    const now = performance.now();
    // Everything due by now starts now, so the pace holds even when the event loop was late.
    while (index < total && started + (index * 1000) / rate <= now) {
      pairs.push(one(index, started + (index * 1000) / rate));
      index++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pairs);
  agent.destroy();
  const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
  const bySlowness = [...latencies].sort((a, b) => b.ms - a.ms);
  const slowest = bySlowness.slice(0, 5).map((l) => Number(l.dueS.toFixed(1)));
  const slowestRequests = bySlowness.slice(0, Math.ceil(latencies.length / 100)).map((l) => ({ dueAtMs: epochOffset + started + l.dueS * 1000, ms: l.ms }));
  const round = (ms: number) => Number(ms.toFixed(1));
  return {
    rate,
    pairs: total,
    errors,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? Number.NaN),
    slowestAtS: slowest,
    slowestRequests,
  };
}
