import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_SQL, NO_OUTBOX, SECRET_SQL, secretChangeSql, type Statement } from '@hush/persistence';
import { BENCH_ACCOUNT } from './fixtures';
import { runTool } from './run-tool';

export interface CeilingResult {
  readonly tps: number;
  readonly avgLatencyMs: number;
}

/** Sealed text of the lengths the server writes (key ~ 95 chars, value ~ 100 chars). */
const SEALED_KEY = `'v1.000000000000.${'A'.repeat(79)}'`;
const SEALED_VALUE = `'v1.000000000000.${'B'.repeat(84)}'`;
const hash = (prefix: string, variable: string) => `sha256(('${prefix}' || :${variable})::bytea)`;

/** The fixed script of share+reveal with audit and outbox (`apps/bench/ceiling`): the ceiling the goals are stated against. */
export const SHARE_REVEAL_CEILING = readFileSync(join(__dirname, '..', 'ceiling', 'share-reveal.pgbench.sql'), 'utf8');

/** The server's statement with each named parameter replaced by a pgbench expression. */
function bind<P extends string>(statement: Statement<P>, values: Readonly<Record<P, string>>): string {
  return `${statement.text.replace(/\$(\d+)/g, (_, index: string) => values[statement.parameters[Number(index) - 1] as P])};`;
}

/** What each change records besides: its audit row; no outbox message, as with no webhook or mail configured. */
const record = (event: string) => ({
  events: `'{${event}}'`, at: 'now()', actor: "'anon'", client_address: "'127.0.0.1'", user_agent: "'bench'", reason: 'NULL',
  webhooks: "'{}'", horizon_ms: '90000000',
});
const CHANGES = secretChangeSql(NO_OUTBOX);

const insert = (v: string) =>
  bind(CHANGES.insert, {
    metadata_key_hash: hash('m', v), secret_key_hash: hash('s', v), metadata_key_sealed: SEALED_KEY, secret_key_sealed: SEALED_KEY,
    value_sealed: SEALED_VALUE, key_id: "'000000000000'", passphrase_hash: 'NULL', owner: 'NULL', ttl: '604800', state: "'new'",
    failed_attempts: '0', recipients: "'{}'", created_at: 'now()', updated_at: 'now()', received_at: 'NULL',
    secret_expires_at: "now() + interval '7 days'", metadata_expires_at: "now() + interval '14 days'", version: '0', passphrase_required: 'false',
    short_key: "'abcdef'", recipient_mail: 'NULL', ...record('secret.created'),
  });
const claim = (v: string) => bind(CHANGES.claimUnprotected, { secret_key_hash: hash('s', v), key_ids: "'{000000000000}'", ...record('secret.revealed') });
const findByMetadataKey = (v: string) => bind(SECRET_SQL.findByMetadataKey, { metadata_key_hash: hash('m', v) });

const accountLookup = bind(ACCOUNT_SQL.findByCustid, { custid: `'${BENCH_ACCOUNT}'` });

/** pgbench scripts issuing exactly the SQL each HTTP operation issues with no webhook configured (SECRET_SQL and ACCOUNT_SQL), one transaction per operation. */
export function ceilingScripts(fillerRows: number): Record<string, string> {
  const fresh = '\\set r random(1, 9000000000000000000)';
  const existing = `\\set g random(1, ${fillerRows})`;
  return {
    share: [fresh, insert('r')].join('\n'),
    reveal: [existing, claim('g')].join('\n'),
    'share+reveal': [fresh, insert('r'), claim('r')].join('\n'),
    metadata: [existing, accountLookup, findByMetadataKey('g')].join('\n'),
  };
}

function parse(output: string): CeilingResult {
  const tps = /tps = ([\d.]+)/.exec(output);
  const latency = /latency average = ([\d.]+) ms/.exec(output);
  if (!tps) throw new Error(`pgbench gave no tps:\n${output}`);
  return { tps: Number(tps[1]), avgLatencyMs: Number(latency?.[1] ?? Number.NaN) };
}

export async function runCeiling(databaseUrl: string, script: string, clients: number, seconds: number): Promise<CeilingResult> {
  const url = new URL(databaseUrl);
  const output = await runTool('pgbench', { 'script.sql': `${script}\n` }, (paths) => ['-n', '-M', 'prepared', '-c', String(clients), '-j', '2',
    '-T', String(seconds), '-f', paths['script.sql'] ?? '', '-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres'),
    url.pathname.slice(1)]);
  return parse(output);
}
