import { accountCaller, anonymousCaller, BurnPolicy, CreateAccount, ShareSecret } from '@hush/domain';
import { AesGcmCipher, Argon2PassphraseHasher, RandomKeyGenerator, Sha256TokenHasher, SystemClock } from '@hush/crypto';
import { Database } from '@hush/persistence';
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

export async function openDatabase(url: string): Promise<Database> {
  const db = await Database.open({ url, dataDir: '', poolSize: 16, connectTimeoutMs: 5000, statementTimeoutMs: 600_000 });
  await db.migrate();
  return db;
}

/** Secrets created through the real use case (sealed, hashed), so the server can reveal them. */
export async function createSecrets(db: Database, count: number, owned: boolean): Promise<{ secretKeys: string[]; metadataKeys: string[] }> {
  const cipher = new AesGcmCipher(MASTER_KEY);
  const share = new ShareSecret(db.secrets(cipher), new SystemClock(), new RandomKeyGenerator(), cipher, new Argon2PassphraseHasher(), BurnPolicy.create());
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
  const create = new CreateAccount(db.accounts(), new SystemClock(), new RandomKeyGenerator(), new Sha256TokenHasher());
  return (await create.execute({ custid: BENCH_ACCOUNT })).token;
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
    await db.dataSource.query(`
      INSERT INTO hush_secret (metadata_key_hash, secret_key_hash, metadata_key_sealed, secret_key_sealed, value_sealed, key_id,
        passphrase_hash, owner, ttl, state, failed_attempts, recipients, created_at, updated_at, received_at,
        secret_expires_at, metadata_expires_at, version)
      SELECT sha256(('${tag}m' || g)::bytea), sha256(('${tag}s' || g)::bytea), ${sealed}, ${sealed}, ${sealed}, '000000000000',
        NULL, NULL, 604800, 'new', 0, '{}', now(), now(), NULL, ${expiry}, ${metadataExpiry}, 0
      FROM generate_series(${start}, ${end}) AS g`);
  }
  await db.dataSource.query('ANALYZE hush_secret');
}

export async function rowCount(db: Database): Promise<number> {
  const [{ n }] = (await db.dataSource.query('SELECT count(*)::int AS n FROM hush_secret')) as [{ n: number }];
  return n;
}
