import { mayNotify, NO_NOTIFICATIONS, NotificationPlan, plannedMessages } from '../delivery/notification-plan';
import { SecretCount, SecretRepository } from '../ports';
import { MetadataState } from '../secret/metadata-state';
import { ABSENT_VALUE, Secret, SecretKeys, SecretProps, UNREAD_VALUE } from '../secret/secret';
import { ChangeRecord, NO_ORIGIN, SecretEventType } from '../secret/secret-event';
import { ANONYMOUS_CUSTID } from '../secret/caller';
import { InMemoryOutbox } from './in-memory-outbox';

/** A change's record as written, with the id of the secret it belongs to. */
export interface RecordedChange {
  readonly secretId: string;
  readonly record: ChangeRecord;
}

const expiredRecord = (reason: string): ChangeRecord => ({ events: [SecretEventType.Expired], actor: ANONYMOUS_CUSTID, origin: NO_ORIGIN, reason });

interface Row {
  readonly keys: SecretKeys;
  props: SecretProps;
}

/** Where a write's outbox messages go, as the SQL adapter's NotificationPlan and hush_account say. */
export interface InMemoryNotifications {
  readonly outbox: InMemoryOutbox;
  readonly plan?: NotificationPlan;
  /** Whether an account opted in to reveal notices (the SQL joins hush_account); none given: no one. */
  readonly wantsNotices?: (custid: string) => boolean;
}

/**
 * Keeps rows in a Map under the same contract as the SQL adapters (`secretRepositoryContract`). Given
 * `notifications`, each write enqueues the messages `plannedMessages` calls for, as the SQL writes them in
 * the change's statement (`outboxContract`). A secret's reference (`secretRef`) here is its id, the metadata key.
 */
export class InMemorySecretRepository implements SecretRepository {
  private readonly rows = new Map<string, Row>();
  /** Every ChangeRecord written, in order, each with its change. */
  readonly records: RecordedChange[] = [];
  private nextEvent = 1;

  constructor(private readonly notifications: InMemoryNotifications | null = null) {}

  /** Whether the secret named by `secretRef` can still be revealed at `now` (the outbox's `secretLive`). */
  isLive(secretRef: string, now: Date): boolean {
    const row = this.rows.get(secretRef);
    return row !== undefined && row.props.value.kind !== 'absent' && now < row.props.secretExpiresAt;
  }

  get size(): number {
    return this.rows.size;
  }

  /** Every stored secret as a read by secret key would return it. */
  all(): Secret[] {
    return [...this.rows.values()].map((row) => this.restore(row, true));
  }

  async add(secret: Secret, keys: SecretKeys, record: ChangeRecord): Promise<void> {
    if (this.rows.has(keys.metadataKey) || this.rowBySecretKey(keys.secretKey)) throw new Error('duplicate key');
    const row = { keys, props: { ...secret.toProps(), id: keys.metadataKey, version: 0 } };
    this.rows.set(keys.metadataKey, row);
    this.record(row, record, secret.createdAt);
  }

  async findBySecretKey(secretKey: string): Promise<Secret | null> {
    const row = this.rowBySecretKey(secretKey);
    return row ? this.restore(row, true) : null;
  }

  async findByMetadataKey(metadataKey: string): Promise<Secret | null> {
    const row = this.rows.get(metadataKey);
    return row ? this.restore(row, false) : null;
  }

  async commit(next: Secret, record: ChangeRecord): Promise<boolean> {
    return this.writeOver(next, record, (props) => ({
      ...props,
      state: next.storedState,
      failedAttempts: next.failedAttempts,
      updatedAt: next.updatedAt,
      receivedAt: next.receivedAt,
      ...(next.hasValue ? {} : { value: ABSENT_VALUE, passphraseHash: null }),
    }));
  }

  async claimUnprotected(secretKey: string, now: Date, keyIds: readonly string[], record: ChangeRecord): Promise<string | null> {
    const row = this.rowBySecretKey(secretKey);
    if (!row || row.props.passphraseHash !== null || !keyIds.includes(row.props.keyId)) return null;
    const secret = this.restore(row, true);
    if (!secret.isRevealableAt(now) || secret.value.kind !== 'sealed') return null;
    const sealed = secret.value.sealed;
    return (await this.commit(secret.reveal(now), record)) ? sealed : null;
  }

  async listByOwner(owner: string, now: Date, limit: number, offset = 0): Promise<Secret[]> {
    return [...this.rows.values()]
      .filter((row) => row.props.owner === owner && now < row.props.metadataExpiresAt)
      .sort((a, b) => b.props.createdAt.getTime() - a.props.createdAt.getTime())
      .slice(offset, offset + limit)
      .map((row) => this.restore(row, false));
  }

  async deleteExpired(now: Date, limit: number): Promise<number> {
    const dead = [...this.rows.entries()].filter(([, row]) => row.props.metadataExpiresAt <= now).slice(0, limit);
    for (const [key, row] of dead) {
      this.rows.delete(key);
      if (row.props.value.kind !== 'absent') this.record(row, expiredRecord('metadata ttl passed'), now);
    }
    return dead.length;
  }

  async scrubExpiredValues(now: Date, limit: number): Promise<number> {
    const stale = [...this.rows.values()]
      .filter(({ props }) => props.value.kind !== 'absent' && props.secretExpiresAt <= now && now < props.metadataExpiresAt)
      .slice(0, limit);
    for (const row of stale) {
      row.props = { ...row.props, value: ABSENT_VALUE, passphraseHash: null, version: row.props.version + 1 };
      this.record(row, expiredRecord('secret ttl passed'), now);
    }
    return stale.length;
  }

  async countExpired(now: Date): Promise<number> {
    return [...this.rows.values()].filter((row) => row.props.metadataExpiresAt <= now).length;
  }

  async countByKeyId(): Promise<ReadonlyMap<string, number>> {
    const counts = new Map<string, number>();
    for (const row of this.rows.values()) counts.set(row.props.keyId, (counts.get(row.props.keyId) ?? 0) + 1);
    return counts;
  }

  async listSealedUnderOtherKeys(keyId: string, limit: number): Promise<Secret[]> {
    return [...this.rows.values()]
      .filter((row) => row.props.keyId !== keyId)
      .slice(0, limit)
      .map((row) => this.restore(row, true));
  }

  async commitResealed(next: Secret): Promise<boolean> {
    if (next.value.kind === 'unread') throw new Error('A secret is resealed from a read of its value');
    return this.writeOver(next, null, (props) => ({
      ...props,
      sealedKeys: next.sealedKeys,
      keyId: next.keyId,
      ...(next.value.kind === 'sealed' ? { value: next.value } : {}),
    }));
  }

  async countByState(now: Date): Promise<SecretCount[]> {
    const counts = new Map<string, SecretCount>();
    for (const secret of this.all().filter((row) => row.isMetadataAliveAt(now))) {
      const secretExpired = secret.stateAt(now) === MetadataState.Expired;
      const key = `${secret.storedState}/${secretExpired}`;
      counts.set(key, { state: secret.storedState, secretExpired, count: (counts.get(key)?.count ?? 0) + 1 });
    }
    return [...counts.values()];
  }

  async oldestExpiry(): Promise<Date | null> {
    const expiries = [...this.rows.values()].map((row) => row.props.metadataExpiresAt.getTime());
    return expiries.length === 0 ? null : new Date(Math.min(...expiries));
  }

  private rowBySecretKey(secretKey: string): Row | undefined {
    return [...this.rows.values()].find((row) => row.keys.secretKey === secretKey);
  }

  private restore(row: Row, withValue: boolean): Secret {
    const value = withValue || row.props.value.kind === 'absent' ? row.props.value : UNREAD_VALUE;
    return Secret.restore({ ...row.props, value, recipients: [...row.props.recipients] });
  }

  /** The version check and bump of every write, as one synchronous step (so, atomic). */
  private async writeOver(next: Secret, record: ChangeRecord | null, change: (props: SecretProps) => SecretProps): Promise<boolean> {
    const row = next.id === null ? undefined : this.rows.get(next.id);
    if (!row || row.props.version !== next.version) return false;
    row.props = { ...change(row.props), version: next.version + 1 };
    if (record) this.record(row, record, next.updatedAt);
    return true;
  }

  /** A change's record, in the same synchronous step as the change: kept, and its messages enqueued. */
  private record(row: Row, record: ChangeRecord, at: Date): void {
    this.records.push({ secretId: row.keys.metadataKey, record });
    if (!this.notifications) return;
    const { outbox, plan = NO_NOTIFICATIONS, wantsNotices } = this.notifications;
    const { props } = row;
    const ownerWantsNotices = mayNotify(plan, props.owner, record.events) && (wantsNotices?.(props.owner) ?? false);
    const secret = {
      secretRef: row.keys.metadataKey, owner: props.owner, shortKey: row.keys.secretKey.slice(0, 6), state: props.state,
      passphraseRequired: props.createdWithPassphrase, createdAt: props.createdAt, receivedAt: props.receivedAt, secretExpiresAt: props.secretExpiresAt,
    };
    const eventIds = record.events.map(() => `event-${this.nextEvent++}`);
    for (const message of plannedMessages({ secret, events: record.events, at, recipientMail: record.recipientMail ?? null }, plan, ownerWantsNotices)) {
      const { eventIndex, payloadText, payload: _payload, ...stored } = message;
      outbox.enqueue({ ...stored, eventId: eventIds[eventIndex] as string, payload: payloadText });
    }
  }
}
