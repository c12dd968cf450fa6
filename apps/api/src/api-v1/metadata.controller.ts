import { Controller, Get, Header, HttpCode, Inject, Param, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBasicAuth, ApiTags } from '@nestjs/swagger';
import { BurnSecret, GetMetadata, ListRecentMetadata, type Caller } from '@hush/domain';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../tokens';
import { CallerGuard } from '../http/auth/caller.guard';
import { OneAtATimeInterceptor } from '../http/concurrency/one-at-a-time.interceptor';
import { RateLimitGuard } from '../http/rate-limit.guard';
import { requestOrigin } from '../http/request-origin';
import { CurrentCaller } from '../http/auth/current-caller.decorator';
import { presentMetadata } from './metadata.presenter';
import { presentRecent } from './recent.presenter';
import { ApiBurn, ApiMetadata, ApiRecent, ApiV1Errors } from './openapi.decorators';

/** The creator's side: receipts, burning, and the recent list. `/receipt` and `/metadata` are aliases of `/private` (spec §3). */
@ApiTags('v1')
@ApiBasicAuth('basic')
@ApiV1Errors()
@Controller(['api/v1/private', 'api/v1/receipt', 'api/v1/metadata'])
@UseGuards(CallerGuard, RateLimitGuard)
export class MetadataController {
  constructor(
    private readonly getMetadata: GetMetadata,
    private readonly burnSecret: BurnSecret,
    private readonly listRecent: ListRecentMetadata,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('recent')
  @Header('Content-Type', 'application/json; charset=utf-8')
  @UseInterceptors(OneAtATimeInterceptor)
  @ApiRecent()
  async recent(@CurrentCaller() caller: Caller) {
    return presentRecent(await this.listRecent.execute({ caller }), this.config.shareDomain, this.config.recent.maxBytes);
  }

  @Post(':key')
  @HttpCode(200)
  @ApiMetadata('Read the metadata of a secret you created (reading never changes it)')
  show(@CurrentCaller() caller: Caller, @Param('key') metadataKey: string) {
    return this.present(caller, metadataKey);
  }

  @Get(':key')
  @ApiMetadata('Same as POST')
  showByGet(@CurrentCaller() caller: Caller, @Param('key') metadataKey: string) {
    return this.present(caller, metadataKey);
  }

  @Post(':key/burn')
  @HttpCode(200)
  @ApiBurn()
  async burn(@CurrentCaller() caller: Caller, @Param('key') metadataKey: string, @Req() request: Request) {
    const { metadata, secretShortKey } = await this.burnSecret.execute({ caller, metadataKey, origin: requestOrigin(request) });
    return { state: presentMetadata(metadata, this.config.shareDomain), secret_shortkey: secretShortKey };
  }

  private async present(caller: Caller, metadataKey: string) {
    return presentMetadata(await this.getMetadata.execute({ caller, metadataKey }), this.config.shareDomain);
  }
}
