import type { BurnPolicy, Caller } from '@hush/domain';

/** Lifetimes the create form offers, before the caller's policy narrows them. */
const CHOICES = [300, 3600, 86_400, 3 * 86_400, 604_800, 14 * 86_400, 30 * 86_400];

/** The choices the policy would keep as they are for this caller, its default (or the nearest below it) selected. */
export function ttlChoices(policy: BurnPolicy, caller: Caller): Array<{ seconds: number; selected: boolean }> {
  const fallback = policy.clampTtl(undefined, caller);
  const kept = CHOICES.filter((seconds) => policy.clampTtl(seconds, caller) === seconds);
  const choices = kept.length > 0 ? kept : [fallback];
  const preferred = [...choices].reverse().find((seconds) => seconds <= fallback) ?? choices[0];
  return choices.map((seconds) => ({ seconds, selected: seconds === preferred }));
}
