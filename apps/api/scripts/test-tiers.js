// npm test in this package: the browser tier beside the others, on an embedded PostgreSQL of its own, since
// Chromium leaves a core idle much of the time and so do the server tests; its output is printed when it ends.
// Arguments (a file pattern, -t) reach both runs.
const { spawn } = require('node:child_process');

const jest = require.resolve('jest/bin/jest');
const args = process.argv.slice(2);

function run(projects, env, quiet) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jest, '--selectProjects', ...projects, '--config', 'jest.config.js', '--passWithNoTests', ...args], {
      cwd: `${__dirname}/..`,
      env,
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    const output = [];
    if (quiet) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => resolve({ code: code ?? 1, signal, output: Buffer.concat(output) }));
  });
}

// The browser tier's subject is the pages, not the storage: it never needs the server database, which the
// reliability tier may stop under it (HUSH_TEST_STOP_POSTGRES).
const browserEnv = { ...process.env };
delete browserEnv.DATABASE_URL;
delete browserEnv.HUSH_TEST_STOP_POSTGRES;

async function main() {
  const [browser, others] = await Promise.all([
    run(['browser'], browserEnv, true),
    run(['unit', 'static', 'contract', 'reliability'], process.env, false),
  ]);
  process.stdout.write(`\n== the browser tier (run beside the others, on an embedded PostgreSQL), exit status ${browser.code}\n`);
  process.stdout.write(browser.output);
  process.exitCode = browser.code !== 0 || others.code !== 0 ? 1 : 0;
}

main();
