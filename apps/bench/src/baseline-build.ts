import { spawn, execFileSync } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type BaselineBuild = { readonly ok: true; readonly commit: string; readonly mainJs: string } | { readonly ok: false; readonly reason: string };

const REPO = join(__dirname, '..', '..', '..');
/** Written after a successful build, holding the commit built: a later run with the same commit reuses the worktree. */
const STAMP = '.hush-bench-built';

const git = (...args: string[]) => execFileSync('git', ['-C', REPO, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Runs a command in `cwd`, its output appended to `logPath`; rejects with the command's name when it fails. */
function runLogged(command: string, args: string[], cwd: string, logPath: string): Promise<void> {
  const fd = openSync(logPath, 'a');
  // A minimal environment: the outer turbo run's variables must not leak into the baseline's own turbo.
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TURBO_TELEMETRY_DISABLED: '1' };
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  }).finally(() => closeSync(fd));
}

function registeredWorktrees(): string[] {
  return git('worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
}

/**
 * The server as it was at `rev`, built in a throwaway detached worktree at `dir` (npm ci, turbo build of the API),
 * reused while it holds that commit. Never throws: a failure (an unknown rev, no network for npm ci) is returned.
 */
export async function buildBaseline(rev: string, dir: string, log: (message: string) => void): Promise<BaselineBuild> {
  const logPath = `${dir}.log`;
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', `${rev}^{commit}`);
  } catch {
    return { ok: false, reason: `no commit ${rev} in ${REPO}` };
  }
  const mainJs = join(dir, 'apps', 'api', 'dist', 'main.js');
  const stamp = join(dir, STAMP);
  if (existsSync(mainJs) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === commit) {
    log(`baseline ${rev} (${commit.slice(0, 7)}): reusing the build in ${dir}`);
    return { ok: true, commit, mainJs };
  }
  try {
    if (existsSync(dir)) {
      if (registeredWorktrees().includes(dir)) git('worktree', 'remove', '--force', dir);
      rmSync(dir, { recursive: true, force: true });
    }
    writeFileSync(logPath, '');
    log(`baseline ${rev} (${commit.slice(0, 7)}): building in ${dir} (npm ci, turbo build; log in ${logPath})…`);
    // --force: the path may still be registered from a worktree whose folder was deleted (/tmp cleared).
    git('worktree', 'add', '--force', '--detach', dir, commit);
    await runLogged('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], dir, logPath);
    await runLogged('npx', ['turbo', 'run', 'build', '--filter=@hush/api...', '--output-logs=errors-only'], dir, logPath);
    if (!existsSync(mainJs)) throw new Error(`the build left no ${mainJs}`);
    writeFileSync(stamp, `${commit}\n`);
    return { ok: true, commit, mainJs };
  } catch (error) {
    const tail = existsSync(logPath) ? readFileSync(logPath, 'utf8').trim().split('\n').slice(-5).join(' / ') : '';
    return { ok: false, reason: `building ${rev} failed: ${error instanceof Error ? error.message : String(error)}${tail ? ` (${tail})` : ''}` };
  }
}
