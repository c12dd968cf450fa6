import { KEY_LENGTH, KeyGenerator, PASSWORD_CHARACTER_SETS } from '../ports';

/** Deterministic keys for tests: distinct, valid-looking, and predictable. */
export class SequentialKeyGenerator implements KeyGenerator {
  private counter = 0;

  secretKey(): string {
    return this.next('s');
  }

  metadataKey(): string {
    return this.next('m');
  }

  apiToken(): string {
    return this.next('t');
  }

  sessionToken(): string {
    return this.next('session-').padEnd(43, '0');
  }

  password(length: number): string {
    const sets = PASSWORD_CHARACTER_SETS;
    return Array.from({ length }, (_, i) => sets[i % sets.length]?.[this.counter % 8] ?? 'x').join('');
  }

  private next(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter.toString(36)}`.padEnd(KEY_LENGTH, '0');
  }
}
