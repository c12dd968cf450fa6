/** Injection tokens of the domain's ports and of the app's own singletons. */
export const APP_CONFIG = Symbol('AppConfig');
export const DATABASE = Symbol('Database');
export const SECRET_REPOSITORY = Symbol('SecretRepository');
export const ACCOUNT_REPOSITORY = Symbol('AccountRepository');
export const CLOCK = Symbol('Clock');
export const CIPHER = Symbol('Cipher');
export const KEY_GENERATOR = Symbol('KeyGenerator');
export const PASSPHRASE_HASHER = Symbol('PassphraseHasher');
export const TOKEN_HASHER = Symbol('TokenHasher');
export const BURN_POLICY = Symbol('BurnPolicy');
export const METADATA_ACCESS = Symbol('MetadataAccess');
export const SECRET_EVENTS = Symbol('SecretEvents');
