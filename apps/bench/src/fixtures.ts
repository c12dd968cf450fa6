import { accountCaller, anonymousCaller, createUseCases, type UseCases } from '@hush/domain';
import { AesGcmCipher, Argon2PassphraseHasher, RandomKeyGenerator, Sha256TokenHasher, SystemClock } from '@hush/crypto';
import { Database, secretInsertSql } from '@hush/persistence';
import { Client } from 'pg';

export const MASTER_KEY = 'benchmark master key, not a secret, 32+ characters long';
export const BENCH_ACCOUNT = 'bench@example.com';

/** A fresh database for one bench run (dropped and re-created). */
export async function recreateDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

export async function openDatabase(url: string): Promise<Database> {
  const db = await Database.open({ url, dataDir: '', poolSize: 16, connectTimeoutMs: 5000, statementTimeoutMs: 600_000, probeTimeoutMs: 2000 });
  await db.migrator.migrate();
  return db;
}

/** Hush's use cases on `db`, composed as the server composes them, with the bench's master key. */
export function hushUseCases(db: Database): UseCases {
  return createUseCases({
    secrets: db.secrets,
    accounts: db.accounts,
    sessions: db.sessions,
    identities: db.identities,
    audit: db.audit,
    outbox: db.outbox,
    clock: new SystemClock(),
    keyGenerator: new RandomKeyGenerator(),
    cipher: new AesGcmCipher(MASTER_KEY),
    passphrases: new Argon2PassphraseHasher(),
    tokens: new Sha256TokenHasher(),
  });
}

/** Secrets created through the real use case (sealed, hashed), so the server can reveal them. */
export async function createSecrets(db: Database, count: number, owned: boolean): Promise<{ secretKeys: string[]; metadataKeys: string[] }> {
  const { share } = hushUseCases(db);
  const secretKeys: string[] = [];
  const metadataKeys: string[] = [];
  const caller = owned ? accountCaller(BENCH_ACCOUNT) : anonymousCaller;
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        next += 1;
        const receipt = await share.execute({ caller, secret: `benchmark value ${next} ${'x'.repeat(24)}`, ttl: 604800 });
        secretKeys.push(receipt.secretKey as string);
        metadataKeys.push(receipt.metadataKey);
      }
    }),
  );
  return { secretKeys, metadataKeys };
}

export async function createBenchAccount(db: Database): Promise<string> {
  return (await hushUseCases(db).createAccount.execute({ custid: BENCH_ACCOUNT })).token;
}

/**
 * Rows that only take up room (growth and purge tests): same shape and sizes as real rows, sealed
 * columns filled with text of the real length. `expired` rows have metadata past its expiry.
 */
export async function insertFillerRows(db: Database, from: number, to: number, expired: boolean, tag: string): Promise<void> {
  const sealed = `'v1.000000000000.${'A'.repeat(80)}'`;
  const expiry = expired ? "now() - interval '2 hours'" : "now() + interval '7 days'";
  const metadataExpiry = expired ? "now() - interval '1 hour'" : "now() + interval '14 days'";
  const step = 200_000;
  for (let start = from; start <= to; start += step) {
    const end = Math.min(to, start + step - 1);
    const columns = {
      metadata_key_hash: `sha256(('${tag}m' || g)::bytea)`, secret_key_hash: `sha256(('${tag}s' || g)::bytea)`,
      metadata_key_sealed: sealed, secret_key_sealed: sealed, value_sealed: sealed, key_id: "'000000000000'", passphrase_hash: 'NULL',
      owner: 'NULL', ttl: '604800', state: "'new'", failed_attempts: '0', recipients: "'{}'", created_at: 'now()', updated_at: 'now()',
      received_at: 'NULL', secret_expires_at: expiry, metadata_expires_at: metadataExpiry, version: '0', passphrase_required: 'false', short_key: 'NULL',
    };
    await db.dataSource.query(secretInsertSql(columns, `generate_series(${start}, ${end}) AS g`));
  }
  await db.dataSource.query('ANALYZE hush_secret');
}

export async function rowCount(db: Database): Promise<number> {
  const [{ n }] = (await db.dataSource.query('SELECT count(*)::int AS n FROM hush_secret')) as [{ n: number }];
  return n;
}
