import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

const COMPOSE_FILE = join(__dirname, '..', '..', '..', 'docker', 'compose.yml');

/** The `-c name=value` settings docker/compose.yml starts PostgreSQL with. */
export function composeDatabaseSettings(): Array<[string, string]> {
  const command = /command:\s*\[([^\]]*"postgres"[^\]]*)\]/.exec(readFileSync(COMPOSE_FILE, 'utf8'))?.[1] ?? '';
  return [...command.matchAll(/"-c",\s*"([a-z_]+)=([^"]*)"/g)].map((match) => [match[1] ?? '', match[2] ?? '']);
}

/**
 * Runs `work` with the shipped settings in force on the bench's PostgreSQL (ALTER SYSTEM and a reload), then puts
 * back what was there. Settings that need a restart are only reported.
 */
export async function withComposeDatabaseSettings<T>(adminUrl: string, log: (message: string) => void, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const applied: Array<[string, string | null]> = [];
  try {
    for (const [name, value] of composeDatabaseSettings()) {
      const { rows } = await client.query<{ context: string; setting: string }>('SELECT context, setting FROM pg_settings WHERE name = $1', [name]);
      if (rows[0]?.context === 'postmaster') {
        log(`the compose file sets ${name}=${value}, which needs a restart: not applied (this server has ${rows[0].setting})`);
        continue;
      }
      const { rows: auto } = await client.query<{ value: string }>(
        "SELECT setting AS value FROM pg_file_settings WHERE name = $1 AND sourcefile LIKE '%postgresql.auto.conf' AND applied", [name]);
      applied.push([name, auto[0]?.value ?? null]);
      await client.query(`ALTER SYSTEM SET ${client.escapeIdentifier(name)} = ${client.escapeLiteral(value)}`);
    }
    await client.query('SELECT pg_reload_conf()');
    log(`database settings of docker/compose.yml in force: ${applied.map(([name]) => name).join(', ') || 'none'}`);
    return await work();
  } finally {
    for (const [name, previous] of applied) {
      await client.query(previous === null ? `ALTER SYSTEM RESET ${client.escapeIdentifier(name)}` : `ALTER SYSTEM SET ${client.escapeIdentifier(name)} = ${client.escapeLiteral(previous)}`);
    }
    await client.query('SELECT pg_reload_conf()');
    await client.end();
  }
}
