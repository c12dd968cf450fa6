import { type BurnPolicySettings, type Caller } from '@hush/domain';

/** Lifetimes the create form offers, before the caller's policy narrows them. */
const CHOICES = [300, 3600, 86_400, 3 * 86_400, 604_800, 14 * 86_400, 30 * 86_400];

/** The choices inside the caller's TTL range, the policy's default (or the nearest below it) selected. */
export function ttlChoices(policy: BurnPolicySettings, caller: Caller): Array<{ seconds: number; selected: boolean }> {
  const max = caller.kind === 'account' ? policy.ttlMaxAccount : policy.ttlMaxAnonymous;
  let choices = CHOICES.filter((seconds) => seconds >= policy.ttlMin && seconds <= max);
  if (choices.length === 0) choices = [Math.min(Math.max(policy.ttlDefault, policy.ttlMin), max)];
  const preferred = [...choices].reverse().find((seconds) => seconds <= policy.ttlDefault) ?? choices[0];
  return choices.map((seconds) => ({ seconds, selected: seconds === preferred }));
}
