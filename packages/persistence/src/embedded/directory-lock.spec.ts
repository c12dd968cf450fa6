import { type ChildProcess, type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';
import { DirectoryLock } from './directory-lock';

const CONTENDERS = 8;
const ROUNDS = 60;
/** Above any pid_max Linux allows. */
const NO_SUCH_PID = 999_999_999;

/** Each line on stdin names a directory: the child tries to lock it, says how that went, and keeps the lock while it lives. */
const CONTENDER = `
const { DirectoryLock } = require(process.argv[2]);
require('node:readline').createInterface({ input: process.stdin }).on('line', (directory) => {
  let outcome = 'acquired';
  try {
    DirectoryLock.acquire(directory);
  } catch (error) {
    outcome = error.name === 'DataDirInUseError' ? 'in use' : 'failed: ' + error.message;
  }
  process.stdout.write(outcome + '\\n');
});
process.stdout.write('ready\\n');
`;

/** The lock module as plain JavaScript, so that real Node processes can load it without a build. */
function compileLockModule(into: string): string {
  const source = readFileSync(join(__dirname, 'directory-lock.ts'), 'utf8');
  const { outputText } = transpileModule(source, { compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 } });
  const path = join(into, 'directory-lock.js');
  writeFileSync(path, outputText);
  return path;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

interface Contender {
  readonly child: ChildProcessWithoutNullStreams;
  nextLine(): Promise<string>;
}

function startContender(script: string, lockModule: string): Contender {
  const child = spawn(process.execPath, [script, lockModule]);
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  return {
    child,
    nextLine: () => {
      const line = lines.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

describe('DirectoryLock', () => {
  let work: string;

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'hush-lock-'));
  });
  afterEach(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps a second opener out, and takes over a lock left by a dead process', async () => {
    const lockModule = compileLockModule(work);
    const dir = join(work, 'data');
    const acquire = `require(${JSON.stringify(lockModule)}).DirectoryLock.acquire(${JSON.stringify(dir)})`;
    const holder = spawn(process.execPath, ['-e', `${acquire}.recordPort(4321); console.log('held'); setInterval(() => {}, 1000)`]);
    try {
      await new Promise((resolve) => createInterface({ input: holder.stdout }).once('line', resolve));
      expect(thrownBy(() => DirectoryLock.acquire(dir))).toMatchObject({ name: 'DataDirInUseError', owner: { pid: holder.pid, port: 4321 } });
    } finally {
      await kill(holder);
    }
    // A process that exits without releasing leaves a stale lock behind.
    expect(spawnSync(process.execPath, ['-e', acquire]).status).toBe(0);
    const lock = DirectoryLock.acquire(dir);
    expect(() => DirectoryLock.acquire(dir).release()).not.toThrow(); // the same process: a pid reused after a restart
    lock.release();
  });

  it('honours the lock file of earlier versions: kept out while its process lives, taken over once it is dead', () => {
    const dir = join(work, 'data');
    mkdirSync(dir);
    writeFileSync(join(dir, 'hush.lock'), JSON.stringify({ pid: process.ppid, port: 4321 }));
    expect(thrownBy(() => DirectoryLock.acquire(dir))).toMatchObject({ name: 'DataDirInUseError', owner: { pid: process.ppid, port: 4321 } });
    writeFileSync(join(dir, 'hush.lock'), JSON.stringify({ pid: NO_SUCH_PID }));
    DirectoryLock.acquire(dir).release();
    expect(existsSync(join(dir, 'hush.lock'))).toBe(false);
  });

  it.each([
    ['take over a stale lock', true],
    ['lock a fresh directory', false],
  ])(`lets exactly one of ${CONTENDERS} processes %s at once (${ROUNDS} rounds)`, async (_, withStaleLock) => {
    const lockModule = compileLockModule(work);
    const script = join(work, 'contender.js');
    writeFileSync(script, CONTENDER);
    const contenders = Array.from({ length: CONTENDERS }, () => startContender(script, lockModule));
    try {
      for (const contender of contenders) expect(await contender.nextLine()).toBe('ready');
      // Started after the contenders, so its pid is none of theirs; it exits holding the lock.
      const stale = join(work, 'stale');
      if (withStaleLock) expect(spawnSync(process.execPath, ['-e', `require(${JSON.stringify(lockModule)}).DirectoryLock.acquire(${JSON.stringify(stale)})`]).status).toBe(0);

      const wrongRounds: { round: number; outcomes: string[] }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const dir = join(work, `round-${round}`);
        if (withStaleLock) cpSync(stale, dir, { recursive: true });
        for (const contender of contenders) contender.child.stdin.write(`${dir}\n`);
        const outcomes = await Promise.all(contenders.map((contender) => contender.nextLine()));
        const acquired = outcomes.filter((outcome) => outcome === 'acquired').length;
        if (acquired !== 1 || outcomes.some((outcome) => outcome !== 'acquired' && outcome !== 'in use')) wrongRounds.push({ round, outcomes });
      }
      expect(wrongRounds).toEqual([]);
    } finally {
      await Promise.all(contenders.map(({ child }) => kill(child)));
    }
  });
});
