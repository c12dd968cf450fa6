import { envInteger, startServers, type ServerProcess } from '../support/processes';

/** 20 by default; a soak run raises it (HUSH_SOAK_ROUNDS=1000). */
const ROUNDS = envInteger('HUSH_SOAK_ROUNDS', 20);

describe('exactly one reveal across server processes (spec §5)', () => {
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    servers = await startServers(3);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  it(`gives one 200 per secret when 50 concurrent reveals are spread over three processes, ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const shared = await fetch(`${servers[round % 3]?.url}/api/v1/share`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `secret=round-${round}`,
      });
      const { secret_key: secretKey } = (await shared.json()) as { secret_key: string };
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) => fetch(`${servers[i % 3]?.url}/api/v1/secret/${secretKey}`, { method: 'POST' })),
      );
      const bodies = await Promise.all(responses.map((response) => response.json() as Promise<{ value?: string; message?: string }>));
      expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
      expect(bodies.filter((body) => body.value === `round-${round}`)).toHaveLength(1);
      expect(bodies.filter((body) => body.message === 'Unknown secret')).toHaveLength(49);
    }
  }, Math.max(60_000, ROUNDS * 5_000));
});
