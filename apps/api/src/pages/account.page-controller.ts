import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type Caller, GetAccount, ListRecentMetadata, MetadataState, type MetadataView, RotateAccountToken, SetAccountLocale, SetRevealNotices } from '@hush/domain';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../tokens';
import { PageCallerGuard } from '../http/auth/page-caller.guard';
import { CurrentCaller } from '../http/auth/current-caller.decorator';
import { RateLimitGuard } from '../http/rate-limit.guard';
import { requestOrigin } from '../http/request-origin';
import { isLocale, LOCALES } from '../i18n/locales';
import { SameOriginGuard } from './cross-site.guard';
import { CATALOGUES } from './i18n/catalogue';
import { PageContext } from './page-context';
import { PageRenderer } from './page-renderer';
import { receiptFacts, receiptStateHtml } from './receipt-facts';

/** Receipts on one page of the list. */
export const ACCOUNT_PAGE_SIZE = 20;
/** Where a burn from the list goes back to: the only `next` the burn form accepts. */
export const ACCOUNT_PATH = '/account';

type SignedIn = Extract<Caller, { kind: 'account' }>;

interface SettingsForm {
  readonly notices?: unknown;
  readonly locale?: unknown;
}

/** A link with one more query parameter, after `?lang=` when the page keeps it. */
const withQuery = (link: string, parameter: string): string => `${link}${link.includes('?') ? '&' : '?'}${parameter}`;

/** `?page=`: a whole number from 1; anything else is the first page (a GET changes nothing, so it need not refuse). */
function pageNumber(value: unknown): number {
  const page = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : 1;
  return Math.max(page, 1);
}

/**
 * ACCOUNTS.md §1 `/account`: "your secrets" (the recent receipts, paged, each with its burn form while
 * unread), a new API token shown once, reveal notices and the mails' language. Signed-in accounts only:
 * the caller comes from the shared resolution (PageCallerGuard: the session, then Basic), never from the page reading credentials itself.
 */
@ApiExcludeController()
@Controller('account')
export class AccountPageController {
  constructor(
    private readonly listRecent: ListRecentMetadata,
    private readonly getAccount: GetAccount,
    private readonly rotateToken: RotateAccountToken,
    private readonly setRevealNotices: SetRevealNotices,
    private readonly setAccountLocale: SetAccountLocale,
    private readonly renderer: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @UseGuards(PageCallerGuard, RateLimitGuard)
  async show(@CurrentCaller() caller: Caller, @Req() request: Request, @Res() response: Response): Promise<void> {
    const context = PageContext.of(request, this.config);
    if (!this.signedIn(caller, context, response)) return;
    const page = pageNumber(request.query.page);
    const [listed, account] = await Promise.all([
      this.listRecent.execute({ caller, page: { offset: (page - 1) * ACCOUNT_PAGE_SIZE, limit: ACCOUNT_PAGE_SIZE + 1 } }),
      this.getAccount.execute({ custid: caller.custid }),
    ]);
    const receipts = listed.slice(0, ACCOUNT_PAGE_SIZE).map((receipt) => this.describe(receipt, context));
    const pageLink = (n: number) => {
      const link = context.href(ACCOUNT_PATH);
      return n === 1 ? link : withQuery(link, `page=${n}`);
    };
    this.renderer.send(response, context, 'account', {
      title: 'account.title',
      switchPath: ACCOUNT_PATH,
      sender: true,
      data: {
        custid: account.custid,
        receipts,
        page,
        newer: page > 1 ? pageLink(page - 1) : undefined,
        older: listed.length > ACCOUNT_PAGE_SIZE ? pageLink(page + 1) : undefined,
        notices: account.notifyOnReveal,
        mailEnabled: this.config.mail !== null,
        locales: [
          { value: '', label: context.t('account.locale.default'), selected: account.locale === null },
          ...LOCALES.map((locale) => ({ value: locale, label: CATALOGUES[locale]['language.name'], lang: locale, selected: account.locale === locale })),
        ],
      },
    });
  }

  @Post('token')
  @HttpCode(200)
  @UseGuards(SameOriginGuard, PageCallerGuard, RateLimitGuard)
  async newToken(@CurrentCaller() caller: Caller, @Req() request: Request, @Res() response: Response): Promise<void> {
    const context = PageContext.of(request, this.config);
    if (!this.signedIn(caller, context, response)) return;
    const issued = await this.rotateToken.execute({ custid: caller.custid, origin: requestOrigin(request) });
    // Shown once: every page is `Cache-Control: no-store`, and the script clears the field when the page is left.
    this.renderer.send(response, context, 'token', {
      title: 'token.title',
      switchPath: ACCOUNT_PATH,
      sender: true,
      data: { custid: issued.custid, token: issued.token },
    });
  }

  @Post('notices')
  @UseGuards(SameOriginGuard, PageCallerGuard, RateLimitGuard)
  async notices(@CurrentCaller() caller: Caller, @Body() form: SettingsForm, @Req() request: Request, @Res() response: Response): Promise<void> {
    const context = PageContext.of(request, this.config);
    if (!this.signedIn(caller, context, response)) return;
    if (form.notices === 'on' || form.notices === 'off') await this.setRevealNotices.execute({ custid: caller.custid, on: form.notices === 'on' });
    response.redirect(303, context.href(ACCOUNT_PATH));
  }

  @Post('locale')
  @UseGuards(SameOriginGuard, PageCallerGuard, RateLimitGuard)
  async locale(@CurrentCaller() caller: Caller, @Body() form: SettingsForm, @Req() request: Request, @Res() response: Response): Promise<void> {
    const context = PageContext.of(request, this.config);
    if (!this.signedIn(caller, context, response)) return;
    if (form.locale === '' || isLocale(form.locale)) await this.setAccountLocale.execute({ custid: caller.custid, locale: form.locale === '' ? null : form.locale });
    response.redirect(303, context.href(ACCOUNT_PATH));
  }

  /** Signed out: to the sign-in page, which comes back here. */
  private signedIn(caller: Caller, context: PageContext, response: Response): caller is SignedIn {
    if (caller.kind === 'account') return true;
    const signIn = context.href('/signin');
    response.redirect(303, `${signIn}${signIn.includes('?') ? '&' : '?'}next=${ACCOUNT_PATH}`);
    return false;
  }

  private describe(receipt: MetadataView, context: PageContext) {
    const live = receipt.secretTtl !== null;
    return {
      // Its reference (never a part of the receipt's key) and times, as the receipt shows them.
      ...receiptFacts(receipt, context),
      receiptPath: `/receipt/${receipt.metadataKey}`,
      state: receipt.state,
      stateHtml: receiptStateHtml(receipt, context),
      passphraseRequired: receipt.passphraseRequired,
      recipients: receipt.recipients,
      burnable: live && (receipt.state === MetadataState.New || receipt.state === MetadataState.Viewed),
      burnHref: withQuery(context.href(`/receipt/${receipt.metadataKey}/burn`), `next=${encodeURIComponent(ACCOUNT_PATH)}`),
    };
  }
}
