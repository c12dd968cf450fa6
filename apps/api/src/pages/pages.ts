import { join } from 'node:path';
import type { Provider, Type } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import type { SingleSignOn } from '../http/single-sign-on';
import { APP_CONFIG, SIGNIN_PAGE, SINGLE_SIGN_ON } from '../tokens';
import { AccountPageController } from './account.page-controller';
import { BrandAssetsController } from './brand-assets.controller';
import { CreatePageController } from './create.page-controller';
import { SameOriginGuard } from './cross-site.guard';
import { PageRenderer } from './page-renderer';
import { ReceiptPageController } from './receipt.page-controller';
import { RobotsController } from './robots.controller';
import { SecretPageController } from './secret.page-controller';
import { PagesSignInPage } from './signin.page';

/** The pages' stylesheet, script and icon, beside src/ and dist/. */
export const PAGE_ASSETS = join(__dirname, '..', '..', 'assets');

/** The pages for people (PAGES.md): thin page controllers over the same use cases as the API. */
export const PAGE_CONTROLLERS: Type[] = [
  CreatePageController, SecretPageController, ReceiptPageController, AccountPageController, RobotsController, BrandAssetsController,
];

export const PAGE_PROVIDERS: Provider[] = [
  { provide: PageRenderer, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new PageRenderer(config) },
  SameOriginGuard,
  {
    provide: SIGNIN_PAGE,
    // SINGLE_SIGN_ON is bound by the sign-in surface only when OIDC_ISSUER_URL is set.
    inject: [PageRenderer, APP_CONFIG, { token: SINGLE_SIGN_ON, optional: true }],
    useFactory: (renderer: PageRenderer, config: AppConfig, sso: SingleSignOn | undefined) => new PagesSignInPage(renderer, config, sso ?? null),
  },
];
