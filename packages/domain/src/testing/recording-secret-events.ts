import { SecretEvents } from '../ports';

/** Counts every event, for tests that check what a use case reported. */
export class RecordingSecretEvents implements SecretEvents {
  readonly counts = { created: 0, revealed: 0, burned: 0, passphraseFailed: 0, purged: 0 };

  created(): void { this.counts.created += 1; }
  revealed(): void { this.counts.revealed += 1; }
  burned(): void { this.counts.burned += 1; }
  passphraseFailed(): void { this.counts.passphraseFailed += 1; }
  purged(rows: number): void { this.counts.purged += rows; }
}
