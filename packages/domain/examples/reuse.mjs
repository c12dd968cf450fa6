// Another service reusing the core: share a secret and reveal it once, on the package's in-memory adapters.
import { anonymousCaller } from '@hush/domain';
import { createDomainFixture } from '@hush/domain/testing';

const hush = createDomainFixture();
const receipt = await hush.share.execute({ caller: anonymousCaller, secret: process.argv[2] ?? 'correct horse battery staple', ttl: 3600 });
const { value } = await hush.reveal.execute({ secretKey: receipt.secretKey });
console.log(`revealed: ${value}`);
