import autocannon from 'autocannon';
import { runWrk, wrkInstalled, type WrkPlan } from './wrk';

export interface LoadResult {
  /** Operations per second (a share+reveal pair counts once). */
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly requests: number;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export interface Scenario {
  readonly name: string;
  /** HTTP requests per operation (2 for share+reveal). */
  readonly requestsPerOp: number;
  readonly requests: autocannon.Request[];
  /** The same operation for wrk. */
  readonly wrk: WrkPlan;
}

let counter = 0;
const value = () => `secret=benchmark+value+${++counter}+xxxxxxxxxxxxxxxxxxxxxxxx`;

export const share = (): Scenario => ({
  name: 'share',
  requestsPerOp: 1,
  requests: [{ method: 'POST', path: '/api/v1/share', headers: FORM, setupRequest: (request) => ({ ...request, body: value() }) }],
  wrk: { mode: 'share' },
});

export const reveal = (pool: string[]): Scenario => ({
  name: 'reveal',
  requestsPerOp: 1,
  requests: [{ method: 'POST', headers: FORM, setupRequest: (request) => ({ ...request, path: `/api/v1/secret/${pool.pop() ?? 'exhausted'}` }) }],
  wrk: { mode: 'reveal', keys: pool },
});

type Context = { key?: string };

export const pair = (passphrase?: string): Scenario => ({
  name: passphrase ? 'share+reveal, passphrase' : 'share+reveal',
  requestsPerOp: 2,
  requests: [
    {
      method: 'POST',
      path: '/api/v1/share',
      headers: FORM,
      setupRequest: (request) => ({ ...request, body: passphrase ? `${value()}&passphrase=${passphrase}` : value() }),
      onResponse: (_status, body, context: Context) => {
        context.key = (JSON.parse(body) as { secret_key: string }).secret_key;
      },
    },
    {
      method: 'POST',
      headers: FORM,
      setupRequest: (request, context: Context) => ({
        ...request,
        path: `/api/v1/secret/${context.key}`,
        body: passphrase ? `passphrase=${passphrase}` : '',
      }),
    },
  ],
  wrk: { mode: 'pair', passphrase },
});

type SnappassContext = { token?: string };

/** snappass's share+reveal through its REST API (`POST /api/v2/passwords`, then `GET` of the token once). */
export const snappassPair = (): Scenario => ({
  name: 'snappass share+reveal',
  requestsPerOp: 2,
  requests: [
    {
      method: 'POST',
      path: '/api/v2/passwords',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ password: value() }) }),
      onResponse: (_status, body, context: SnappassContext) => {
        context.token = (JSON.parse(body) as { token: string }).token;
      },
    },
    { method: 'GET', setupRequest: (request, context: SnappassContext) => ({ ...request, path: `/api/v2/passwords/${encodeURIComponent(context.token ?? '')}` }) },
  ],
  wrk: { mode: 'snappass-pair' },
});

export const metadata = (pool: string[], authorization: string): Scenario => {
  let next = 0;
  return {
    name: 'metadata',
    requestsPerOp: 1,
    requests: [
      {
        method: 'GET',
        headers: { authorization },
        setupRequest: (request) => ({ ...request, path: `/api/v1/private/${pool[next++ % pool.length]}` }),
      },
    ],
    wrk: { mode: 'metadata', keys: pool, authorization },
  };
};

function toLoadResult(result: autocannon.Result, scenario: Scenario): LoadResult {
  return {
    opsPerSec: result.requests.average / scenario.requestsPerOp,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

/** The generator for runs without a set rate: wrk where installed (BENCH_LOAD=autocannon overrides), else autocannon. */
export const loadGenerator: 'wrk' | 'autocannon' = process.env.BENCH_LOAD !== 'autocannon' && wrkInstalled() ? 'wrk' : 'autocannon';

/** As many requests as the connections can make, or a steady `rate` of requests per second (autocannon: wrk cannot pace). */
export async function runLoad(url: string, scenario: Scenario, connections: number, seconds: number, rate?: number): Promise<LoadResult> {
  if (!rate && loadGenerator === 'wrk') {
    const result = await runWrk(url, scenario.wrk, connections, seconds);
    return { opsPerSec: result.requests / result.seconds / scenario.requestsPerOp, p50Ms: result.p50Ms, p99Ms: result.p99Ms, errors: result.errors, requests: result.requests };
  }
  const options = { url, connections, duration: seconds, requests: scenario.requests, pipelining: 1, ...(rate ? { overallRate: rate } : {}) };
  return toLoadResult(await autocannon(options), scenario);
}

/** Starts a steady load of `rate` requests per second and returns a function that stops it and gives its figures. */
export function startLoad(url: string, scenario: Scenario, connections: number, rate: number): () => Promise<LoadResult> {
  let finish: (result: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve) => (finish = resolve));
  const options = { url, connections, duration: 3600, requests: scenario.requests, pipelining: 1, overallRate: rate };
  const instance = autocannon(options, (_error, result) => finish(result));
  return async () => {
    instance.stop();
    return toLoadResult(await done, scenario);
  };
}

/** `count` secrets shared through the server's own API (any version of it), over `connections` at once: their secret keys. */
export async function shareOverHttp(url: string, count: number, connections = 16): Promise<string[]> {
  const keys: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count) {
        next += 1;
        const response = await fetch(`${url}/api/v1/share`, { method: 'POST', headers: FORM, body: value() });
        if (!response.ok) throw new Error(`share answered ${response.status}: ${await response.text()}`);
        keys.push((JSON.parse(await response.text()) as { secret_key: string }).secret_key);
      }
    }),
  );
  return keys;
}
