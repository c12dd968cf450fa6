import { anonymousCaller } from '@hush/domain';
import { Database } from '@hush/persistence';
import { hushUseCases } from '../fixtures';

/** Hush's own share and reveal (domain, crypto and repositories), with no HTTP framework around them. */
export interface ShareAndReveal {
  share(secret: string): Promise<{ secret_key: string; metadata_key: string }>;
  reveal(secretKey: string): Promise<{ value: string; secret_key: string }>;
}

export async function openShareAndReveal(): Promise<ShareAndReveal> {
  const db = await Database.open({ url: process.env.DATABASE_URL, dataDir: '', poolSize: 10, connectTimeoutMs: 5000, statementTimeoutMs: 10_000, probeTimeoutMs: 2000 });
  const { share, reveal } = hushUseCases(db);
  process.once('SIGTERM', () => void db.close().finally(() => process.exit(0)));
  return {
    share: async (secret) => {
      const receipt = await share.execute({ caller: anonymousCaller, secret, ttl: 604800 });
      return { secret_key: receipt.secretKey ?? '', metadata_key: receipt.metadataKey };
    },
    reveal: async (secretKey) => {
      const revealed = await reveal.execute({ secretKey });
      return { value: revealed.value, secret_key: secretKey };
    },
  };
}
