import { CommandTestFactory } from 'nest-commander-testing';
import { AdminModule } from '../../src/admin.module';
import { cliFailureLine } from '../../src/cli-failure';
import { CliOutput } from '../../src/cli/cli-output';
import { loadConfig } from '../../src/config/app-config';
import { type CliResult, testEnv } from './processes';

/**
 * An admin command run in this process through nest-commander's testing module: the same module, commands and
 * failure line as the binary, without a Node start per command. What only the binary shows (exit codes, the
 * stdout/stderr split, start-up failures) is tested with `runCli`.
 */
export async function runCommand(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const stdout: string[] = [];
  const notes: string[] = [];
  const failures: unknown[] = [];
  try {
    const config = loadConfig({ ...testEnv(), LOG_LEVEL: 'silent', ...env });
    const module = await CommandTestFactory.createTestingCommand(
      { imports: [AdminModule.forRoot(config)] },
      {
        serviceErrorHandler: (error: Error) => {
          failures.push(error);
        },
        abortOnError: false,
      },
    )
      .overrideProvider(CliOutput)
      .useValue({ line: (text: string) => stdout.push(`${text}\n`), note: (text: string) => notes.push(`${text}\n`) })
      .compile();
    module.useLogger(false);
    await CommandTestFactory.run(module, args);
  } catch (error) {
    failures.push(error);
  }
  return {
    status: failures.length === 0 ? 0 : 1,
    stdout: stdout.join(''),
    stderr: notes.join('') + failures.map((error) => `${cliFailureLine(error)}\n`).join(''),
  };
}
