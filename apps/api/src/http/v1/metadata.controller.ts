import { Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { BurnSecret, GetMetadata, ListRecentMetadata, type Caller } from '@hush/domain';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../core/tokens';
import { CallerGuard } from '../auth/caller.guard';
import { CurrentCaller } from '../auth/current-caller.decorator';
import { presentMetadata } from './metadata.presenter';

/** The creator's side: receipts, burning, and the recent list. `/metadata` is an alias of `/private`. */
@Controller(['api/v1/private', 'api/v1/metadata'])
@UseGuards(CallerGuard)
export class MetadataController {
  constructor(
    private readonly getMetadata: GetMetadata,
    private readonly burnSecret: BurnSecret,
    private readonly listRecent: ListRecentMetadata,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('recent')
  async recent(@CurrentCaller() caller: Caller) {
    const receipts = await this.listRecent.execute({ caller });
    return receipts.map((receipt) => presentMetadata(receipt, this.config.shareDomain));
  }

  @Post(':key')
  @HttpCode(200)
  show(@CurrentCaller() caller: Caller, @Param('key') metadataKey: string) {
    return this.present(caller, metadataKey);
  }

  @Get(':key')
  showByGet(@CurrentCaller() caller: Caller, @Param('key') metadataKey: string) {
    return this.present(caller, metadataKey);
  }

  @Post(':key/burn')
  @HttpCode(200)
  async burn(@CurrentCaller() caller: Caller, @Param('key') metadataKey: string) {
    const { metadata, secretShortKey } = await this.burnSecret.execute({ caller, metadataKey });
    return { state: presentMetadata(metadata, this.config.shareDomain), secret_shortkey: secretShortKey };
  }

  private async present(caller: Caller, metadataKey: string) {
    return presentMetadata(await this.getMetadata.execute({ caller, metadataKey }), this.config.shareDomain);
  }
}
