import { KeyGenerator } from '../ports';
import { BurnPolicy } from '../secret/burn-policy';
import { MetadataView } from '../secret/metadata-view';
import { ShareSecret, ShareSecretInput } from './share-secret.use-case';

export interface GenerateSecretInput extends Omit<ShareSecretInput, 'secret'> {
  /** Characters; clamped by the BurnPolicy, absent means its default. */
  readonly length?: number;
}

export interface GeneratedSecret {
  readonly metadata: MetadataView;
  readonly value: string;
}

/** Shares a freshly generated password, and hands it back to the creator this once. */
export class GenerateSecret {
  constructor(
    private readonly share: ShareSecret,
    private readonly keyGenerator: KeyGenerator,
    private readonly policy: BurnPolicy,
  ) {}

  async execute(input: GenerateSecretInput): Promise<GeneratedSecret> {
    const value = this.keyGenerator.password(this.policy.clampGeneratedLength(input.length));
    const { length: _length, ...shareInput } = input;
    const metadata = await this.share.execute({ ...shareInput, secret: value });
    return { metadata, value };
  }
}
