import type { Provider, Type } from '@nestjs/common';
import type { Cipher } from '@hush/domain';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG, CIPHER, SINGLE_SIGN_ON } from '../../tokens';
import { OidcClient } from './oidc-client';
import { OidcController } from './oidc.controller';
import { TransactionCookie } from './transaction-cookie';

/** Single sign-on's routes (ACCOUNTS.md §1), present when OIDC_ISSUER_URL is set and the pages are on. */
export const OIDC_CONTROLLERS: Type[] = [OidcController];

export const OIDC_PROVIDERS: Provider[] = [
  {
    provide: OidcClient,
    inject: [APP_CONFIG, CIPHER],
    useFactory: (config: AppConfig, cipher: Cipher) => {
      if (!config.oidc) throw new Error('OIDC_PROVIDERS need OIDC_ISSUER_URL');
      return new OidcClient(config.oidc, cipher);
    },
  },
  { provide: SINGLE_SIGN_ON, useExisting: OidcClient },
  { provide: TransactionCookie, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new TransactionCookie(config) },
];
