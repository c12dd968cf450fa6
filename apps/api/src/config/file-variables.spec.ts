import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from './app-config';
import { isReadVariable } from './file-variables';

const KEY = 'k'.repeat(40);

describe('<NAME>_FILE (Docker and Kubernetes secrets)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hush-file-variables-'));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads any variable from the file it names, less one trailing newline', () => {
    const config = loadConfig({
      MASTER_KEY_FILE: file('master_key', `${KEY}\n`),
      DATABASE_URL_FILE: file('database_url', 'postgres://hush:pw@db:5432/hush\r\n'),
      WEBHOOK_URL: 'https://hooks.example.com/hush',
      WEBHOOK_SECRET_FILE: file('webhook_secret', `whsec_${Buffer.alloc(32, 7).toString('base64')}`),
      SMTP_URL_FILE: file('smtp_url', 'smtp://hush:pw@mail.example.com:587\n'),
      MAIL_FROM: 'hush@example.com',
      PUBLIC_URL: 'https://hush.example.com',
      PORT_FILE: file('port', '8080\n'),
    });
    expect(config.masterKey).toBe(KEY);
    expect(config.database.url).toBe('postgres://hush:pw@db:5432/hush');
    expect(config.webhooks?.secret).toMatch(/^whsec_/);
    expect(config.mail?.smtpUrl).toBe('smtp://hush:pw@mail.example.com:587');
    expect(config.port).toBe(8080);
  });

  it('keeps what is inside the value: only one trailing newline goes', () => {
    expect(() => loadConfig({ MASTER_KEY_FILE: file('two_newlines', `${KEY}\n\n`), DATABASE_URL: 'postgres://u@db/hush' })).not.toThrow();
    expect(loadConfig({ MASTER_KEY_FILE: file('spaced', ` ${KEY}\n`) }).masterKey).toBe(` ${KEY}`);
  });

  it('refuses both forms, an unreadable file and an empty one, naming the variable and never the value', () => {
    const keyFile = file('both', KEY);
    const attempts: Array<[Record<string, string>, RegExp]> = [
      [{ MASTER_KEY: KEY, MASTER_KEY_FILE: keyFile }, /MASTER_KEY_FILE cannot be set together with MASTER_KEY/],
      [{ MASTER_KEY_FILE: join(dir, 'missing') }, /MASTER_KEY_FILE cannot be read \(ENOENT\)/],
      [{ MASTER_KEY_FILE: dir }, /MASTER_KEY_FILE cannot be read \(EISDIR\)/],
      [{ OIDC_CLIENT_SECRET_FILE: file('empty', '\n') }, /OIDC_CLIENT_SECRET_FILE names an empty file/],
    ];
    for (const [env, message] of attempts) {
      let thrown: unknown;
      try {
        loadConfig(env);
      } catch (error) {
        thrown = error;
      }
      expect((thrown as Error).message).toMatch(message);
      expect((thrown as Error).message).not.toContain(KEY);
    }
  });

  it('refuses a file the process may not read', () => {
    if (process.getuid?.() === 0) return; // root reads any file
    const path = file('unreadable', KEY);
    chmodSync(path, 0o000);
    expect(() => loadConfig({ MASTER_KEY_FILE: path })).toThrow(/MASTER_KEY_FILE cannot be read \(EACCES\)/);
  });

  it('a value from a file is checked like any other, and the message names the variable', () => {
    expect(() => loadConfig({ MASTER_KEY_FILE: file('short', 'short\n') })).toThrow(/MASTER_KEY must be at least 32 characters/);
  });

  it('knows which names it reads', () => {
    expect(isReadVariable('MASTER_KEY_FILE', CONFIG_VARIABLES)).toBe(true);
    expect(isReadVariable('MASTER_KEY', CONFIG_VARIABLES)).toBe(true);
    expect(isReadVariable('MASTERKEY_FILE', CONFIG_VARIABLES)).toBe(false);
  });
});
