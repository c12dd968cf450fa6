import { join } from 'node:path';
import { Eta } from 'eta';
import type { Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { signedInOf } from '../http/auth/page-caller.guard';
import type { MessageKey } from './i18n/catalogue';
import type { PageContext } from './page-context';

/** The accent colour's stylesheet (BRAND_ACCENT_COLOR), after hush.css: a served file, as the CSP allows no inline style. */
export const BRAND_STYLESHEET_PATH = '/assets/brand.css';

/** Templates live beside src/ and dist/, so one path serves both. */
const VIEWS = join(__dirname, '..', '..', 'views');

export interface PageOptions {
  readonly status?: number;
  readonly title: MessageKey;
  /** The title's placeholders, when it has any besides `{brand}`. */
  readonly titleParams?: Readonly<Record<string, string>>;
  /** The GET path the language switcher links to (this page, or the nearest page that is safe to GET). */
  readonly switchPath: string;
  /** A sender's page (create, created, receipt, account): its header shows who is signed in, or a sign-in link. */
  readonly sender?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
  /** Origins a form on this page may lead to besides 'self' (ACCOUNTS.md §1: the sign-in page's provider). */
  readonly formActionOrigins?: readonly string[];
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Escapes a value for HTML text, keeping carriage returns, which an HTML parser would otherwise turn into line feeds. */
export function escapeKeepingBytes(value: string): string {
  return value.replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '\r': '&#13;' })[c] as string);
}

/** Server-rendered pages (Eta, escaping by default) with the headers of PAGES.md §4 on every one. */
export class PageRenderer {
  private readonly eta = new Eta({ views: VIEWS, cache: true, autoEscape: true });
  /** PAGES.md §4's policy, which the brand's logo is served under too. */
  readonly csp: string;
  /** What the layout shows of the operator (PAGES.md §7). */
  private readonly brand: { name: string; logo: string | null; stylesheet: string | null; footer: AppConfig['brand']['footer'] };
  /** The issuer's origin when sign-out continues at the provider: the sign-out form on a sender's page leads there. */
  private readonly signOutOrigin: string | null;

  constructor(config: Pick<AppConfig, 'publicUrl' | 'brand'> & Partial<Pick<AppConfig, 'oidc'>>) {
    const { name, logo, accent, footer } = config.brand;
    this.brand = { name, logo: logo?.path ?? null, stylesheet: accent ? BRAND_STYLESHEET_PATH : null, footer };
    this.signOutOrigin = config.oidc?.signOutAtProvider ? new URL(config.oidc.issuerUrl).origin : null;
    const directives = [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ];
    if (config.publicUrl.startsWith('https:')) directives.push('upgrade-insecure-requests');
    this.csp = directives.join('; ');
  }

  send(response: Response, context: PageContext, view: string, options: PageOptions): void {
    const formActionOrigins = [...(options.formActionOrigins ?? []), ...(options.sender && this.signOutOrigin ? [this.signOutOrigin] : [])];
    const html = this.eta.render(view, {
      ...options.data,
      locale: context.locale,
      t: context.t,
      href: context.href,
      title: context.t(options.title, options.titleParams),
      brand: this.brand,
      languages: context.languages(options.switchPath),
      session: options.sender ? this.session(response, context, options.switchPath) : undefined,
    });
    response
      .status(options.status ?? 200)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Robots-Tag': 'noindex, nofollow',
        'Content-Language': context.locale,
        Vary: 'Accept-Language',
        'Content-Security-Policy': formActionOrigins.length > 0
          ? this.csp.replace("form-action 'self'", `form-action 'self' ${[...new Set(formActionOrigins)].join(' ')}`)
          : this.csp,
        ...options.headers,
      })
      .send(html);
  }

  /** The header's account part: the session's account and a sign-out form, or a link to sign in and come back. */
  private session(response: Response, context: PageContext, path: string): { custid?: string; signinHref: string } {
    const signedIn = signedInOf(response.req);
    const signin = context.href('/signin');
    return { custid: signedIn?.custid, signinHref: `${signin}${signin.includes('?') ? '&' : '?'}next=${encodeURIComponent(path)}` };
  }
}
