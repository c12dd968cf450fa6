import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from './app-config';

export interface ResolvedMasterKey {
  readonly masterKey: string;
  /** Set when a new key was just written to DATA_DIR, so the caller can warn the operator. */
  readonly generatedAt?: string;
}

/**
 * MASTER_KEY when set; in embedded mode without it, the key kept in DATA_DIR/master.key,
 * created on first start so a fresh clone runs with no set-up.
 */
export function resolveMasterKey(config: AppConfig): ResolvedMasterKey {
  if (config.masterKey) return { masterKey: config.masterKey };
  const path = join(config.database.dataDir, 'master.key');
  if (existsSync(path)) return { masterKey: readFileSync(path, 'utf8').trim() };
  mkdirSync(config.database.dataDir, { recursive: true });
  const masterKey = randomBytes(32).toString('base64url');
  writeFileSync(path, `${masterKey}\n`, { mode: 0o600, flag: 'wx' });
  return { masterKey, generatedAt: path };
}
