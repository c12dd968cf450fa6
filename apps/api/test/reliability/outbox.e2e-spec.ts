import { readPayload } from '@hush/domain';
import { openTestDatabase } from '@hush/persistence/testing';
import type { Database } from '@hush/persistence';
import { truncateTestDatabase } from '../support/database';
import { postForm, startServer, startServers, type ServerProcess } from '../support/processes';
import { sleep } from '../support/timing';
import { startWebhookReceiver, TEST_WEBHOOK_SECRET, verifiesSignature, type WebhookReceiver } from '../support/webhook-receiver';

/**
 * NOTIFICATIONS.md §3 and §6 across processes: three servers share one outbox; each event reaches the
 * receiver, never by two processes at once, and a process killed mid-delivery loses nothing.
 */

// Longer than the test waits: the test ends the dead process's leases itself.
const LEASE_SECONDS = 600;
const outboxEnv = (receiver: WebhookReceiver) => ({
  WEBHOOK_URL: receiver.url,
  WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
  OUTBOX_POLL_MS: '50',
  OUTBOX_FIRST_RETRY_MS: '200',
  OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
  OUTBOX_CONCURRENCY: '4',
});

async function share(server: ServerProcess, value: string): Promise<{ secret_key: string; metadata_key: string }> {
  const outcome = await postForm(`${server.url}/api/v1/share`, { secret: value });
  if (outcome.kind !== 'response' || outcome.status !== 200) throw new Error(`share failed: ${JSON.stringify(outcome)}`);
  return JSON.parse(outcome.text) as { secret_key: string; metadata_key: string };
}

async function deliveredBy(server: ServerProcess): Promise<number> {
  const metrics = await (await fetch(`${server.metricsUrl}/metrics`)).text();
  const line = metrics.split('\n').find((l) => l.startsWith('hush_outbox_deliveries_total{') && l.includes('kind="webhook"') && l.includes('outcome="delivered"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('the outbox shared by three server processes', () => {
  let receiver: WebhookReceiver;
  let servers: ServerProcess[] = [];
  let db: Database;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await truncateTestDatabase();
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
    servers = [];
  });

  it('delivers every event at least once, never by two processes at the same time, and the work is shared', async () => {
    receiver.answer(204, 30);
    servers = await startServers(3, outboxEnv(receiver));
    const receipts = await Promise.all(Array.from({ length: 60 }, (_, i) => share(servers[i % 3] as ServerProcess, `shared-${i}`)));
    await Promise.all(receipts.slice(0, 30).map((r, i) => postForm(`${servers[(i + 1) % 3]?.url}/api/v1/secret/${r.secret_key}`)));

    await receiver.waitFor((r) => new Set(r.delivered.map((call) => call.id)).size === 90, 60_000);
    expect(receiver.overlaps).toBe(0);
    expect(receiver.delivered.every((call) => verifiesSignature(call))).toBe(true);
    const events = receiver.delivered.map((call) => readPayload('webhook', call.body));
    for (const receipt of receipts.slice(0, 30)) {
      const ofSecret = events.filter((event) => event.data.secret_shortkey === receipt.secret_key.slice(0, 6)).map((event) => event.type);
      expect(ofSecret).toEqual(['secret.created', 'secret.revealed']);
    }
    let perProcess: number[] = [];
    for (let tries = 0; tries < 50 && perProcess.reduce((a, b) => a + b, 0) < 90; tries++) {
      await sleep(100);
      perProcess = await Promise.all(servers.map(deliveredBy));
    }
    expect(perProcess.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(90);
    expect(perProcess.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);
    await sleep(300);
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM hush_outbox')).toEqual([{ n: 0 }]);
  }, 90_000);

  it('loses nothing when the process delivering is killed mid-delivery: its leases hold, then run out and another delivers', async () => {
    receiver.answer('hang');
    const [doomed] = (servers = [await startServer(outboxEnv(receiver))]);
    await Promise.all(Array.from({ length: 5 }, (_, i) => share(doomed as ServerProcess, `killed-${i}`)));
    await receiver.waitFor((r) => r.calls.length >= 1);
    await doomed?.stop('SIGKILL');
    const leased = (await db.dataSource.query("SELECT 'msg_' || event_id AS id FROM hush_outbox WHERE lease_token IS NOT NULL")) as { id: string }[];
    const held = new Set(leased.map((row) => row.id));
    expect(held.size).toBeGreaterThan(0);
    receiver.answer(204);
    servers.push(...(await startServers(2, outboxEnv(receiver))));
    // While the dead process's leases last, no one else takes those messages (many polls of both servers).
    await sleep(1000);
    expect(receiver.delivered.filter((call) => held.has(call.id))).toEqual([]);
    // The leases run out, as OUTBOX_LEASE_SECONDS would end them, without waiting for it.
    await db.dataSource.query('UPDATE hush_outbox SET lease_until = now() WHERE lease_token IS NOT NULL');
    await receiver.waitFor((r) => new Set(r.delivered.map((call) => call.id)).size >= 5, 20_000);
    const delivered = new Set(receiver.delivered.map((call) => call.id));
    expect(delivered.size).toBe(5);
    for (const id of held) expect(delivered).toContain(id);
  }, 60_000);
});

describe('the audit trail under a killed process', () => {
  let db: Database;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    await truncateTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
    await db.close();
  });

  it('has exactly one row for each change and no row without its change, whatever the kill cut off', async () => {
    servers = await startServers(3);
    let stop = false;
    const loops = Array.from({ length: 6 }, async (_, loop) => {
      for (let i = 0; !stop; i++) {
        const server = servers[(loop + i) % 3] as ServerProcess;
        const created = await postForm(`${server.url}/api/v1/share`, { secret: `audited-${loop}-${i}` }, { timeoutMs: 5000 });
        if (created.kind !== 'response' || created.status !== 200 || i % 2 === 0) continue;
        const { secret_key: key } = JSON.parse(created.text) as { secret_key: string };
        await postForm(`${servers[(loop + i + 1) % 3]?.url}/api/v1/secret/${key}`, {}, { timeoutMs: 5000 });
      }
    });
    await sleep(1500);
    await servers[0]?.stop('SIGKILL');
    await sleep(1500);
    stop = true;
    await Promise.all(loops);

    const created = await db.dataSource.query(`
      SELECT count(*)::int AS secrets,
        count(*) FILTER (WHERE (SELECT count(*) FROM hush_audit a WHERE a.secret_ref = s.metadata_key_hash AND a.event = 'secret.created') = 1)::int AS with_one_row,
        count(*) FILTER (WHERE s.state = 'received')::int AS received,
        count(*) FILTER (WHERE s.state = 'received'
          AND (SELECT count(*) FROM hush_audit a WHERE a.secret_ref = s.metadata_key_hash AND a.event = 'secret.revealed') = 1)::int AS received_with_row
      FROM hush_secret s`) as { secrets: number; with_one_row: number; received: number; received_with_row: number }[];
    const orphans = await db.dataSource.query(`
      SELECT count(*)::int AS n FROM hush_audit a WHERE NOT EXISTS (SELECT 1 FROM hush_secret s WHERE s.metadata_key_hash = a.secret_ref
        AND (a.event = 'secret.created' OR s.state = 'received'))`) as { n: number }[];
    const [counts] = created;
    expect(counts?.secrets).toBeGreaterThan(50);
    expect(counts?.with_one_row).toBe(counts?.secrets);
    expect(counts?.received).toBeGreaterThan(20);
    expect(counts?.received_with_row).toBe(counts?.received);
    expect(orphans).toEqual([{ n: 0 }]);
  }, 60_000);
});
