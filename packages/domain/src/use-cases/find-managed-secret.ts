import { NotAuthorizedError, UnknownSecretError } from '../errors';
import { SecretRepository } from '../ports';
import { Caller } from '../secret/caller';
import { MetadataAccess, ReceiptAccessOptions } from '../secret/metadata-access';
import { Secret } from '../secret/secret';

/** A receipt the caller may manage and whose metadata still lives; anything else looks like an unknown key. */
export async function findManagedSecret(
  secrets: SecretRepository,
  access: MetadataAccess,
  caller: Caller,
  metadataKey: string,
  now: Date,
  options: ReceiptAccessOptions = {},
): Promise<Secret> {
  const secret = await secrets.findByMetadataKey(metadataKey);
  if (!secret?.isMetadataAliveAt(now)) throw new UnknownSecretError(metadataKey);
  if (access.mayManage(caller, secret, options)) return secret;
  throw access.shouldSignIn(caller, secret, options) ? new NotAuthorizedError() : new UnknownSecretError(metadataKey);
}
