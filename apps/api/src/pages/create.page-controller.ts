import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  type AnyDomainError, BurnPolicy, type Caller, DomainErrorCode, GenerateSecret, isDomainError, type MetadataView, PASSPHRASE_MAX_LENGTH, RECIPIENT_MAX_LENGTH, ShareSecret,
} from '@hush/domain';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../tokens';
import { PageCallerGuard } from '../http/auth/page-caller.guard';
import { requestOrigin } from '../http/request-origin';
import { CurrentCaller } from '../http/auth/current-caller.decorator';
import { AnonymousRateLimit, RateLimitGuard } from '../http/rate-limit.guard';
import { readInteger } from '../http/ruby-integer';
import { SameOriginGuard } from './cross-site.guard';
import type { MessageKey } from './i18n/catalogue';
import { PageContext } from './page-context';
import { escapeKeepingBytes, PageRenderer } from './page-renderer';
import { ttlChoices } from './ttl-options';

interface CreateForm {
  readonly secret?: unknown;
  readonly passphrase?: unknown;
  readonly ttl?: unknown;
  readonly recipient?: unknown;
  readonly action?: unknown;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** PAGES.md §1: the create form (`GET /`) and its result (`POST /`), over the API's share and generate. */
@ApiExcludeController()
@Controller()
export class CreatePageController {
  private readonly policy: BurnPolicy;

  constructor(
    private readonly shareSecret: ShareSecret,
    private readonly generateSecret: GenerateSecret,
    private readonly renderer: PageRenderer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.policy = BurnPolicy.create(config.policy);
  }

  @Get()
  @UseGuards(PageCallerGuard)
  form(@CurrentCaller() caller: Caller, @Req() request: Request, @Res() response: Response): void {
    if (this.sendToSignIn(caller, request, response)) return;
    this.renderForm(response, PageContext.of(request, this.config), caller, {});
  }

  @Post()
  @HttpCode(200)
  @UseGuards(SameOriginGuard, PageCallerGuard, RateLimitGuard)
  @AnonymousRateLimit('create')
  async create(@CurrentCaller() caller: Caller, @Body() form: CreateForm, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (this.sendToSignIn(caller, request, response)) return;
    const context = PageContext.of(request, this.config);
    const passphrase = text(form.passphrase) || undefined;
    const ttl = readInteger(text(form.ttl) || undefined);
    const recipient = text(form.recipient).trim();
    const recipients = recipient === '' ? [] : [recipient];
    const generate = form.action === 'generate' || (form.action === undefined && text(form.secret) === '');
    try {
      const created = generate
        ? await this.generateSecret.execute({ caller, passphrase, ttl, recipients, origin: requestOrigin(request) })
        : { metadata: await this.shareSecret.execute({ caller, secret: text(form.secret), passphrase, ttl, recipients, origin: requestOrigin(request) }), value: undefined };
      this.renderCreated(response, context, created.metadata, created.value, recipients[0]);
    } catch (error) {
      const problem = isDomainError(error) ? fieldProblem(error) : undefined;
      if (!problem) throw error;
      this.renderForm(response, context, caller, { secret: text(form.secret), ttl, recipient }, { ...problem, message: context.t(problem.message, { generate: context.t('create.generate'), ...problem.params }) });
    }
  }

  /** CREATE_REQUIRES_ACCOUNT (ACCOUNTS.md §1): a signed-out person goes to the sign-in page, not the Basic dialog; nothing is stored. */
  private sendToSignIn(caller: Caller, request: Request, response: Response): boolean {
    if (!this.config.web.createRequiresAccount || caller.kind === 'account') return false;
    const signin = PageContext.of(request, this.config).href('/signin');
    response.redirect(303, `${signin}${signin.includes('?') ? '&' : '?'}next=%2F`);
    return true;
  }

  private renderForm(
    response: Response,
    context: PageContext,
    caller: Caller,
    values: { secret?: string; ttl?: number; recipient?: string },
    error?: { field: string; message: string; status: number },
  ): void {
    const choices = ttlChoices(this.policy, caller).map((choice) => ({
      ...choice,
      selected: values.ttl === undefined ? choice.selected : choice.seconds === values.ttl,
      label: context.duration(choice.seconds),
    }));
    if (!choices.some((choice) => choice.selected) && choices[0]) choices[0].selected = true;
    this.renderer.send(response, context, 'create', {
      status: error?.status ?? 200,
      title: 'create.title',
      switchPath: '/',
      sender: true,
      data: {
        values: { secret: values.secret ?? '', recipient: values.recipient ?? '' },
        ttlOptions: choices,
        // Only an account may have the link e-mailed; anyone else sees the field only to correct what they sent.
        recipientField: caller.kind === 'account' || error?.field === 'recipient',
        recipientMaxLength: RECIPIENT_MAX_LENGTH,
        mailEnabled: this.config.mail !== null,
        error,
        passphraseMaxLength: PASSPHRASE_MAX_LENGTH,
      },
    });
  }

  /** `typed`: the recipient as the sender typed it, shown whole so that a typo shows (the receipt keeps it obscured). */
  private renderCreated(response: Response, context: PageContext, metadata: MetadataView, generated: string | undefined, typed: string | undefined): void {
    const receiptPath = `/receipt/${metadata.metadataKey}`;
    this.renderer.send(response, context, 'created', {
      title: 'created.title',
      switchPath: receiptPath,
      sender: true,
      data: {
        shareLink: context.publicLink(`/secret/${metadata.secretKey ?? ''}`),
        receiptLink: context.publicLink(context.href(receiptPath)),
        reference: metadata.reference,
        expiryHtml: context.html('created.expiry', { expiry: context.time(metadata.secretExpiresAt) }),
        passphraseRequired: metadata.passphraseRequired,
        recipientHtml: metadata.recipients.length > 0 && typed
          ? context.html(this.config.mail !== null ? 'created.recipient' : 'created.recipient.unsent', { recipient: `<strong>${escapeKeepingBytes(typed)}</strong>` })
          : undefined,
        generated,
      },
    });
  }
}

/** Domain errors the form answers next to a field, and with which status. */
function fieldProblem(error: AnyDomainError): { field: string; message: MessageKey; status: number; params?: Record<string, number> } | undefined {
  switch (error.code) {
    case DomainErrorCode.EmptySecret:
      return { field: 'secret', message: 'create.error.empty', status: 400 };
    case DomainErrorCode.SecretTooLarge:
      return { field: 'secret', message: 'create.error.too_large', status: 413, params: { max: error.maxBytes } };
    case DomainErrorCode.PassphraseTooLong:
      return { field: 'passphrase', message: 'create.error.passphrase_too_long', status: 400, params: { max: error.maxLength } };
    case DomainErrorCode.UndeliverableRecipient:
      return { field: 'recipient', message: 'create.error.recipient_invalid', status: 400 };
    case DomainErrorCode.RecipientRequiresAccount:
      return { field: 'recipient', message: 'create.error.recipient_account', status: 400 };
    default:
      return undefined;
  }
}
