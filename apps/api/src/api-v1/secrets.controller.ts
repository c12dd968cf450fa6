import { Controller, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { GenerateSecret, NotAuthorizedError, RevealSecret, ShareSecret, type Caller } from '@hush/domain';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../tokens';
import { CallerGuard } from '../http/auth/caller.guard';
import { clientStillConnected } from '../http/client-connection';
import { CurrentCaller } from '../http/auth/current-caller.decorator';
import { AnonymousRateLimit, RateLimitGuard } from '../http/rate-limit.guard';
import { requestOrigin } from '../http/request-origin';
import { presentMetadata } from './metadata.presenter';
import { ApiGenerate, ApiOptionalAuth, ApiReveal, ApiShare, ApiV1Errors } from './openapi.decorators';
import { readInteger } from '../http/ruby-integer';
import { listParam, Params, stringParam, type V1Params } from './v1-params';

@ApiTags('v1')
@ApiOptionalAuth()
@ApiV1Errors()
@Controller('api/v1')
@UseGuards(CallerGuard, RateLimitGuard)
export class SecretsController {
  constructor(
    private readonly shareSecret: ShareSecret,
    private readonly generateSecret: GenerateSecret,
    private readonly revealSecret: RevealSecret,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post(['share', 'create'])
  @HttpCode(200)
  @AnonymousRateLimit('create')
  @ApiShare()
  async share(@CurrentCaller() caller: Caller, @Params() params: V1Params, @Req() request: Request) {
    this.assertMayCreate(caller);
    const metadata = await this.shareSecret.execute({
      caller,
      origin: requestOrigin(request),
      secret: stringParam(params, 'secret') ?? '',
      passphrase: stringParam(params, 'passphrase'),
      ttl: readInteger(params.ttl),
      recipients: listParam(params, 'recipient'),
    });
    return presentMetadata(metadata, this.config.shareDomain);
  }

  @Post('generate')
  @HttpCode(200)
  @AnonymousRateLimit('create')
  @ApiGenerate()
  async generate(@CurrentCaller() caller: Caller, @Params() params: V1Params, @Req() request: Request) {
    this.assertMayCreate(caller);
    const { metadata, value } = await this.generateSecret.execute({
      caller,
      origin: requestOrigin(request),
      passphrase: stringParam(params, 'passphrase'),
      ttl: readInteger(params.ttl),
      recipients: listParam(params, 'recipient'),
      length: readInteger(params.length),
    });
    return presentMetadata(metadata, this.config.shareDomain, { value });
  }

  /** CREATE_REQUIRES_ACCOUNT (ACCOUNTS.md §1): only accounts create; reveals stay open. */
  private assertMayCreate(caller: Caller): void {
    if (this.config.web.createRequiresAccount && caller.kind !== 'account') throw new NotAuthorizedError();
  }

  @Post('secret/:key')
  @HttpCode(200)
  @AnonymousRateLimit('reveal')
  @ApiReveal()
  async reveal(@CurrentCaller() caller: Caller, @Param('key') secretKey: string, @Params() params: V1Params, @Req() request: Request) {
    const revealed = await this.revealSecret.execute({
      secretKey,
      caller,
      origin: requestOrigin(request),
      passphrase: stringParam(params, 'passphrase'),
      stillWanted: clientStillConnected(request),
    });
    return { value: revealed.value, secret_key: revealed.secretKey, share_domain: this.config.shareDomain };
  }
}
