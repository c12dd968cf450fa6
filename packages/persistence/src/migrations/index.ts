import { InitialSchema1763856000000 } from './1763856000000-initial-schema';
import { PassphraseRequired1796083200000 } from './1796083200000-passphrase-required';
import { RecipientsCapped1796256000000 } from './1796256000000-recipients-capped';
import { RateCounters1796342400000 } from './1796342400000-rate-counters';
import { ReadinessProbe1798761600000 } from './1798761600000-readiness-probe';
import { Notifications1799971200000 } from './1799971200000-notifications';
import { AccountsSignIn1800057600000 } from './1800057600000-accounts-sign-in';
import { OutboxHeadInOrder1801612800000 } from './1801612800000-outbox-head-in-order';
import { HotReveals1801699200000 } from './1801699200000-hot-reveals';

/** In order of application; TypeORM records each in its migrations table. */
export const migrations = [
  InitialSchema1763856000000,
  PassphraseRequired1796083200000,
  RecipientsCapped1796256000000,
  RateCounters1796342400000,
  ReadinessProbe1798761600000,
  Notifications1799971200000,
  AccountsSignIn1800057600000,
  OutboxHeadInOrder1801612800000,
  HotReveals1801699200000,
];
