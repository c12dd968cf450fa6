import { Database } from '../database';
import { openTestDatabase, truncateAll } from '../testing';
import { RecipientsCapped1796256000000 } from './1796256000000-recipients-capped';
import { migrations } from './index';

describe('RecipientsCapped migration', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(() => truncateAll(db));

  it('is applied after the others', () => {
    expect(migrations).toContain(RecipientsCapped1796256000000);
  });

  it('keeps the first ten recipients of rows stored before the cap, and leaves the others alone', async () => {
    const many = Array.from({ length: 32_000 }, (_, i) => `r${i}*****@e*****.com`);
    for (const [tag, recipients] of [['many', many], ['ten', many.slice(0, 10)], ['two', many.slice(0, 2)], ['none', []]] as const) {
      await db.dataSource.query(
        `INSERT INTO hush_secret (metadata_key_hash, secret_key_hash, metadata_key_sealed, secret_key_sealed, key_id, ttl, state, recipients,
          created_at, updated_at, secret_expires_at, metadata_expires_at, version)
        VALUES (sha256($1::bytea), sha256(($1 || 's')::bytea), 'm', 's', 'k', 60, 'new', $2, now(), now(), now(), now(), 0)`,
        [tag, recipients],
      );
    }

    const runner = db.dataSource.createQueryRunner();
    try {
      await new RecipientsCapped1796256000000().up(runner);
    } finally {
      await runner.release();
    }

    const rows = (await db.dataSource.query('SELECT recipients FROM hush_secret ORDER BY cardinality(recipients) DESC')) as { recipients: string[] }[];
    expect(rows.map((row) => row.recipients)).toEqual([many.slice(0, 10), many.slice(0, 10), many.slice(0, 2), []]);
  });
});
