import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs a C load tool (wrk, pgbench) with its input files in a temporary folder, removed afterwards; resolves with its output. */
export async function runTool(command: string, files: Record<string, string>, args: (paths: Record<string, string>) => string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `hush-${command}-`));
  try {
    const paths: Record<string, string> = {};
    for (const [name, text] of Object.entries(files)) {
      paths[name] = join(dir, name);
      writeFileSync(paths[name], text);
    }
    return await new Promise<string>((resolve, reject) =>
      execFile(command, args(paths), { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${command} failed: ${stderr || error.message}`)) : resolve(stdout),
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
