import { Command, CommandRunner, SubCommand } from 'nest-commander';
import { RotateEncryptionKey } from '@hush/domain';
import { CliOutput } from './cli-output';

@SubCommand({ name: 'rotate', description: 'Re-encrypt every stored row under MASTER_KEY, so older keys can leave MASTER_KEY_PREVIOUS' })
export class KeysRotateCommand extends CommandRunner {
  constructor(private readonly rotateKey: RotateEncryptionKey, private readonly out: CliOutput) {
    super();
  }

  async run(): Promise<void> {
    const { resealed } = await this.rotateKey.execute();
    this.out.line(`Re-encrypted ${resealed} rows under the current master key; older keys are no longer needed`);
  }
}

@Command({ name: 'keys', description: 'Manage encryption keys', subCommands: [KeysRotateCommand] })
export class KeysCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
