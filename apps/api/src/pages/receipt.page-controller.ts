import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BurnSecret, type Caller, GetMetadata, UnknownSecretError } from '@hush/domain';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../tokens';
import { PageCallerGuard } from '../http/auth/page-caller.guard';
import { requestOrigin } from '../http/request-origin';
import { CurrentCaller } from '../http/auth/current-caller.decorator';
import { RateLimitGuard } from '../http/rate-limit.guard';
import { SameOriginGuard } from './cross-site.guard';
import { PageContext } from './page-context';
import { PageRenderer } from './page-renderer';
import { receiptFacts, receiptStateHtml } from './receipt-facts';
import { receiptPathOf } from './receipt-path';

/** The one `next` a burn form may name besides its receipt: the account's list (`/account`). */
const BURN_NEXT = '/account';

/**
 * PAGES.md §1: the sender's receipt, the step that asks before a burn, and the burn. An anonymous secret's receipt opens with its
 * metadata key alone; an account's asks for the account with the browser's own Basic sign-in.
 */
@ApiExcludeController()
@Controller(['receipt', 'private'])
export class ReceiptPageController {
  constructor(
    private readonly getMetadata: GetMetadata,
    private readonly burnSecret: BurnSecret,
    private readonly renderer: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':key')
  @UseGuards(PageCallerGuard, RateLimitGuard)
  async show(@CurrentCaller() caller: Caller, @Param('key') metadataKey: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const receipt = await this.getMetadata.execute({ caller, metadataKey, ownerlessByKey: true });
    const context = PageContext.of(request, this.config);
    const live = receipt.secretTtl !== null;
    this.renderer.send(response, context, 'receipt', {
      title: 'receipt.title',
      switchPath: request.path,
      sender: true,
      data: {
        ...receiptFacts(receipt, context),
        state: receipt.state,
        stateHtml: receiptStateHtml(receipt, context),
        passphraseRequired: receipt.passphraseRequired,
        recipients: receipt.recipients,
        shareLink: live && receipt.secretKey ? context.publicLink(`/secret/${receipt.secretKey}`) : undefined,
        burnable: live,
        burnHref: context.href(`${request.path}/burn`),
        accountHref: caller.kind === 'account' ? context.href(BURN_NEXT) : undefined,
      },
    });
  }

  /** The step before a burn: a GET, so it changes nothing (a link scanner may open it); only its form's POST burns. */
  @Get(':key/burn')
  @UseGuards(PageCallerGuard, RateLimitGuard)
  async confirmBurn(@CurrentCaller() caller: Caller, @Param('key') metadataKey: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const receipt = await this.getMetadata.execute({ caller, metadataKey, ownerlessByKey: true });
    const context = PageContext.of(request, this.config);
    const next = request.query.next === BURN_NEXT ? BURN_NEXT : undefined;
    const receiptPath = receiptPathOf(request.path);
    // Already read, burned or expired: nothing to confirm, the receipt says which.
    if (receipt.secretTtl === null) return response.redirect(303, context.href(receiptPath));
    this.renderer.send(response, context, 'burn', {
      title: 'burn.title',
      switchPath: request.path,
      sender: true,
      data: { ...receiptFacts(receipt, context), burnPath: request.path, next, backHref: context.href(next ?? receiptPath) },
    });
  }

  @Post(':key/burn')
  @UseGuards(SameOriginGuard, PageCallerGuard, RateLimitGuard)
  async burn(
    @CurrentCaller() caller: Caller,
    @Param('key') metadataKey: string,
    @Body() form: { readonly next?: unknown } | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    try {
      await this.burnSecret.execute({ caller, metadataKey, ownerlessByKey: true, origin: requestOrigin(request) });
    } catch (error) {
      // Already read, burned or expired: the receipt says which.
      if (!(error instanceof UnknownSecretError)) throw error;
    }
    // Back to the receipt, or to the one other page that has burn forms (the account's list): never anywhere else.
    const back = form?.next === BURN_NEXT ? BURN_NEXT : receiptPathOf(request.path);
    response.redirect(303, PageContext.of(request, this.config).href(back));
  }
}
