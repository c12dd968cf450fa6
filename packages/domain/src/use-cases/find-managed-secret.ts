import { UnknownSecretError } from '../errors';
import { SecretRepository } from '../ports';
import { Caller } from '../secret/caller';
import { MetadataAccess } from '../secret/metadata-access';
import { Secret } from '../secret/secret';

/** A receipt the caller may manage and whose metadata still lives; anything else looks like an unknown key. */
export async function findManagedSecret(
  secrets: SecretRepository,
  access: MetadataAccess,
  caller: Caller,
  metadataKey: string,
  now: Date,
): Promise<Secret> {
  const secret = await secrets.findByMetadataKey(metadataKey);
  if (!secret?.isMetadataAliveAt(now) || !access.mayManage(caller, secret)) throw new UnknownSecretError(metadataKey);
  return secret;
}
