import type { CallOutcome } from './processes';
import { JSON_UTF8, UNAVAILABLE, UNKNOWN } from './v1';

/** A secret a load test shared and had acknowledged, and what its reveals handed out. */
export interface Shared {
  readonly key: string;
  readonly value: string;
  readonly passphrase: string | undefined;
  /** Values handed out by a 200 reveal; more than one would be a double reveal. */
  readonly revealed: string[];
  /** A reveal was answered "unavailable": it may have been consumed by a commit whose answer was lost. */
  ambiguous: boolean;
}

/** One call of a load test, as its client saw it. */
export interface Call {
  readonly op: 'share' | 'reveal';
  readonly server: number;
  readonly started: number;
  readonly ended: number;
  readonly outcome: CallOutcome;
  readonly shared?: Shared;
}

export const isOk = (outcome: CallOutcome) => outcome.kind === 'response' && outcome.status === 200;
/** The v1 API's 503 as the contract writes it (404 on the wire, intended 503). */
export const isUnavailable = (outcome: CallOutcome) =>
  outcome.kind === 'response' && outcome.status === 404 && outcome.intended === '503' && outcome.text === UNAVAILABLE && outcome.contentType === JSON_UTF8;
export const isUnknown = (outcome: CallOutcome, key: string) =>
  outcome.kind === 'response' && outcome.status === 404 && outcome.intended === '404' && outcome.text === UNKNOWN(key);
