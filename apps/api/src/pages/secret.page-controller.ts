import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BurnPolicy, type Caller, InspectSecret, RevealSecret, type SecretOutline, UnknownSecretError } from '@hush/domain';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../tokens';
import { CallerGuard } from '../http/auth/caller.guard';
import { CurrentCaller } from '../http/auth/current-caller.decorator';
import { requestOrigin } from '../http/request-origin';
import { clientStillConnected } from '../http/client-connection';
import { AnonymousRateLimit, RateLimitGuard } from '../http/rate-limit.guard';
import { SameOriginGuard } from './cross-site.guard';
import { PageContext } from './page-context';
import { escapeKeepingBytes, PageRenderer } from './page-renderer';

/**
 * PAGES.md §1–2: the link a recipient opens. GET and HEAD only look (nothing is consumed or counted,
 * the query string is ignored); only the form's POST reveals.
 */
@ApiExcludeController()
@Controller('secret')
export class SecretPageController {
  private readonly policy: BurnPolicy;

  constructor(
    private readonly inspectSecret: InspectSecret,
    private readonly revealSecret: RevealSecret,
    private readonly renderer: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.policy = BurnPolicy.create(config.policy);
  }

  @Get(':key')
  async confirm(@Param('key') secretKey: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const outline = await this.inspectSecret.execute({ secretKey });
    this.renderConfirm(response, PageContext.of(request, this.config), request.path, outline);
  }

  @Post(':key')
  @HttpCode(200)
  @UseGuards(SameOriginGuard, CallerGuard, RateLimitGuard)
  @AnonymousRateLimit('reveal')
  async reveal(@CurrentCaller() caller: Caller, @Param('key') secretKey: string, @Body() form: { passphrase?: unknown }, @Req() request: Request, @Res() response: Response): Promise<void> {
    const context = PageContext.of(request, this.config);
    const passphrase = typeof form.passphrase === 'string' ? form.passphrase : undefined;
    try {
      const { value } = await this.revealSecret.execute({
        secretKey, passphrase, caller, stillWanted: clientStillConnected(request), origin: requestOrigin(request),
      });
      this.renderer.send(response, context, 'revealed', {
        title: 'revealed.title',
        switchPath: request.path,
        data: { valueHtml: escapeKeepingBytes(value), rows: Math.min(20, Math.max(3, value.split('\n').length + 1)) },
      });
    } catch (error) {
      if (!(error instanceof UnknownSecretError)) throw error;
      // The form already shows the secret exists, so a wrong passphrase is said as it is, with the tries left.
      // Gone (read, burned, expired, or burned by this very try): the uniform page.
      const outline = await this.inspectSecret.execute({ secretKey }).catch(() => undefined);
      if (!outline?.passphraseRequired) throw error;
      const left = this.policy.attemptsLeft(outline.failedPassphraseAttempts);
      const problem = passphrase
        ? [context.t('confirm.error.wrong'), context.t(left === 1 ? 'confirm.error.left.one' : 'confirm.error.left.other', { count: left })]
        : [context.t('confirm.error.empty')];
      this.renderConfirm(response, context, request.path, outline, problem);
    }
  }

  private renderConfirm(response: Response, context: PageContext, path: string, outline: SecretOutline, problem?: string[]): void {
    // PAGES.md §7: the account that shared it, by its custid and nothing more; "someone" for an anonymous share.
    const sender = this.config.brand.showSender ? outline.owner : null;
    this.renderer.send(response, context, 'confirm', {
      status: problem ? 400 : 200,
      title: sender === null ? 'confirm.title' : 'confirm.title.sender',
      ...(sender === null ? {} : { titleParams: { sender } }),
      switchPath: path,
      data: { path, passphraseRequired: outline.passphraseRequired, problem },
    });
  }
}
