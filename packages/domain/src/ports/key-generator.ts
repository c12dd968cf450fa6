/** Lowercase base36 keys of fixed length: 31 characters carry 160 bits. */
export const KEY_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
export const KEY_LENGTH = 31;

/** Character sets of generated secrets, without look-alikes (i l o 1 I O 0). */
export const PASSWORD_CHARACTER_SETS: readonly string[] = [
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  'abcdefghjkmnpqrstuvwxyz',
  '23456789',
  '!@#$%^&*-_=+?',
];

/** Randomness from a CSPRNG; implementations must follow the alphabets above. */
export interface KeyGenerator {
  secretKey(): string;
  metadataKey(): string;
  apiToken(): string;
  /** 256 random bits, URL-safe (cookie-safe) text. */
  sessionToken(): string;
  /** `length` characters with at least one from each of PASSWORD_CHARACTER_SETS. */
  password(length: number): string;
}
