import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import {
  CreateAccount, DeleteAccount, EndAccountSessions, ListAccounts, ListAccountSessions, RotateAccountToken, SetAccountEnabled, SetAccountLocale, SetRevealNotices,
} from '@hush/domain';
import { isLocale, LOCALES } from '../i18n/locales';
import { CliOutput } from './cli-output';

@SubCommand({ name: 'create', arguments: '<custid>', description: 'Create an account; prints its API token on the last line' })
export class AccountCreateCommand extends CommandRunner {
  constructor(private readonly createAccount: CreateAccount, private readonly out: CliOutput) {
    super();
  }

  async run([custid = '']: string[]): Promise<void> {
    const { token } = await this.createAccount.execute({ custid });
    this.out.line(`Created account ${custid}. Its API token (shown only now):`);
    this.out.line(token);
  }
}

@SubCommand({ name: 'rotate-token', arguments: '<custid>', description: 'Replace an account\'s API token; prints the new one on the last line' })
export class AccountRotateTokenCommand extends CommandRunner {
  constructor(private readonly rotateToken: RotateAccountToken, private readonly out: CliOutput) {
    super();
  }

  async run([custid = '']: string[]): Promise<void> {
    const { token } = await this.rotateToken.execute({ custid });
    this.out.line(`New API token for ${custid} (the old one no longer works):`);
    this.out.line(token);
  }
}

@SubCommand({ name: 'disable', arguments: '<custid>', description: 'Block an account\'s API access' })
export class AccountDisableCommand extends CommandRunner {
  constructor(private readonly setEnabled: SetAccountEnabled, private readonly out: CliOutput) {
    super();
  }

  async run([custid = '']: string[]): Promise<void> {
    await this.setEnabled.execute({ custid, enabled: false });
    this.out.line(`Disabled ${custid}`);
  }
}

@SubCommand({ name: 'enable', arguments: '<custid>', description: 'Restore an account\'s API access' })
export class AccountEnableCommand extends CommandRunner {
  constructor(private readonly setEnabled: SetAccountEnabled, private readonly out: CliOutput) {
    super();
  }

  async run([custid = '']: string[]): Promise<void> {
    await this.setEnabled.execute({ custid, enabled: true });
    this.out.line(`Enabled ${custid}`);
  }
}

/** `account list`'s columns, named by its first line. */
const ACCOUNT_COLUMNS = ['CUSTID', 'STATUS', 'CREATED', 'REVEAL_NOTICES', 'MAIL_LOCALE'];

@SubCommand({ name: 'list', description: 'A header line, then one tab-separated line per account: custid, status, created, reveal notices, mail locale (never tokens)' })
export class AccountListCommand extends CommandRunner {
  constructor(private readonly listAccounts: ListAccounts, private readonly out: CliOutput) {
    super();
  }

  async run(): Promise<void> {
    this.out.line(ACCOUNT_COLUMNS.join('\t'));
    for (const account of await this.listAccounts.execute()) {
      const notices = account.notifyOnReveal ? 'on' : 'off';
      this.out.line(`${account.custid}\t${account.disabled ? 'disabled' : 'enabled'}\t${account.createdAt.toISOString()}\t${notices}\t${account.locale ?? 'default'}`);
    }
  }
}

@SubCommand({ name: 'notify-on-reveal', arguments: '<custid> <on|off>', description: 'Mail the account (its custid is its address) when one of its secrets is opened, burned by policy or expires unread' })
export class AccountNotifyOnRevealCommand extends CommandRunner {
  constructor(private readonly setRevealNotices: SetRevealNotices, private readonly out: CliOutput) {
    super();
  }

  async run([custid = '', setting = '']: string[]): Promise<void> {
    if (setting !== 'on' && setting !== 'off') throw new Error('say on or off');
    await this.setRevealNotices.execute({ custid, on: setting === 'on' });
    this.out.line(`Reveal notices for ${custid}: ${setting}`);
  }
}

@SubCommand({ name: 'locale', arguments: '<custid> <locale>', description: `The language of mails about the account's secrets: ${LOCALES.join(', ')} or default` })
export class AccountLocaleCommand extends CommandRunner {
  constructor(private readonly setAccountLocale: SetAccountLocale, private readonly out: CliOutput) {
    super();
  }

  async run([custid = '', locale = '']: string[]): Promise<void> {
    if (locale !== 'default' && !isLocale(locale)) throw new Error(`the locale must be one of ${LOCALES.join(', ')} or default`);
    await this.setAccountLocale.execute({ custid, locale: locale === 'default' ? null : locale });
    this.out.line(`Mail language for ${custid}: ${locale}`);
  }
}

@SubCommand({ name: 'sessions', arguments: '<custid>', description: 'One line per live browser session: created, last seen, ends, user agent (never a token)' })
export class AccountSessionsCommand extends CommandRunner {
  constructor(private readonly listSessions: ListAccountSessions, private readonly out: CliOutput) {
    super();
  }

  async run([custid = '']: string[]): Promise<void> {
    for (const session of await this.listSessions.execute({ custid })) {
      this.out.line(`${session.createdAt.toISOString()}\t${session.lastSeenAt.toISOString()}\t${session.endsAt.toISOString()}\t${session.userAgent ?? '-'}`);
    }
  }
}

@SubCommand({ name: 'signout', arguments: '<custid>', description: 'End every browser session of an account; prints how many' })
export class AccountSignOutCommand extends CommandRunner {
  constructor(private readonly endSessions: EndAccountSessions, private readonly out: CliOutput) {
    super();
  }

  async run([custid = '']: string[]): Promise<void> {
    const ended = await this.endSessions.execute({ custid });
    this.out.line(`Ended ${ended} session${ended === 1 ? '' : 's'} of ${custid}`);
  }
}

@SubCommand({
  name: 'delete',
  arguments: '<custid>',
  description: 'Delete an account: burns its unread secrets, ends its sessions, unlinks its sign-in identities, keeps the audit trail (needs --yes)',
})
export class AccountDeleteCommand extends CommandRunner {
  constructor(private readonly deleteAccount: DeleteAccount, private readonly out: CliOutput) {
    super();
  }

  async run([custid = '']: string[], options: { yes?: boolean }): Promise<void> {
    if (!options.yes) throw new Error(`deleting ${custid} burns its unread secrets and cannot be undone: add --yes to go ahead`);
    const { burned, sessionsEnded, identitiesUnlinked } = await this.deleteAccount.execute({ custid });
    const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    this.out.line(
      `Deleted ${custid}: ${count(burned, 'unread secret', 'unread secrets')} burned, ${count(sessionsEnded, 'session', 'sessions')} ended, ` +
        `${count(identitiesUnlinked, 'identity', 'identities')} unlinked`,
    );
  }

  @Option({ flags: '--yes', description: 'Confirm the deletion (required)' })
  parseYes(): boolean {
    return true;
  }
}

@Command({
  name: 'account',
  description: 'Manage API accounts',
  subCommands: [
    AccountCreateCommand, AccountRotateTokenCommand, AccountDisableCommand, AccountEnableCommand, AccountListCommand, AccountNotifyOnRevealCommand,
    AccountLocaleCommand, AccountSessionsCommand, AccountSignOutCommand, AccountDeleteCommand,
  ],
})
export class AccountCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help({ error: true });
  }
}
