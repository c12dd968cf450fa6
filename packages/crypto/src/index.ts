export * from './aes-gcm.cipher';
export * from './argon2.passphrase-hasher';
export * from './sha256.token-hasher';
export * from './random.key-generator';
export * from './system.clock';
