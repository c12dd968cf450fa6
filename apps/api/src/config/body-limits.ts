/** The largest body of a request that carries a secret: every byte percent-encoded (three bytes each), plus 64 KiB for the other parameters. */
export const secretBodyLimit = (secretMaxBytes: number): number => secretMaxBytes * 3 + 64 * 1024;

/** The largest body of any other request: a passphrase, a ttl, a length, ten recipients, percent-encoded, fit with room to spare. */
export const PARAMETERS_BODY_LIMIT = 16 * 1024;
