/** What happened to secrets, for whoever watches (metrics, audit). Called after the change is stored. */
export interface SecretEvents {
  created(): void;
  revealed(): void;
  burned(): void;
  passphraseFailed(): void;
  purged(rows: number): void;
}

export const NO_SECRET_EVENTS: SecretEvents = Object.freeze({
  created: () => undefined,
  revealed: () => undefined,
  burned: () => undefined,
  passphraseFailed: () => undefined,
  purged: () => undefined,
});
