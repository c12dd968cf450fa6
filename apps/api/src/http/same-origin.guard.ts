import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../tokens';

/** A page form posted from another site; answered 403, and nothing is done. */
export class CrossSiteRequestError extends Error {
  constructor() {
    super('Cross-site form post refused');
    this.name = 'CrossSiteRequestError';
  }
}

/**
 * PAGES.md §2: `Sec-Fetch-Site`, when present, must be same-origin (or none: typed or bookmarked);
 * without it, an `Origin` that is present must be PUBLIC_URL's. Chromium sends `Origin: null` on its own
 * forms under `Referrer-Policy: no-referrer`, so Sec-Fetch-Site decides first. Neither header (curl) passes.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  private readonly origin: string;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'publicUrl'>) {
    this.origin = new URL(config.publicUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const headers = context.switchToHttp().getRequest<Request>().headers;
    const site = headers['sec-fetch-site'];
    if (site !== undefined) {
      if (site === 'same-origin' || site === 'none') return true;
      throw new CrossSiteRequestError();
    }
    const origin = headers.origin;
    if (origin !== undefined && origin !== this.origin) throw new CrossSiteRequestError();
    return true;
  }
}
