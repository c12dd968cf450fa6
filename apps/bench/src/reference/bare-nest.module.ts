import { Body, Controller, HttpCode, Inject, Module, Param, Post, type Type } from '@nestjs/common';
import { openShareAndReveal, type ShareAndReveal } from './use-cases';

const HUSH = Symbol('hush');

/** A bare controller over Hush's use cases: no middleware, guards, pipes or filters. */
@Controller('api/v1')
class ReferenceController {
  constructor(@Inject(HUSH) private readonly hush: ShareAndReveal) {}

  @Post('share')
  @HttpCode(200)
  share(@Body() body: { secret?: string }) {
    return this.hush.share(body.secret ?? '');
  }

  @Post('secret/:key')
  @HttpCode(200)
  reveal(@Param('key') key: string) {
    return this.hush.reveal(key);
  }
}

export async function referenceModule(): Promise<Type> {
  const hush = await openShareAndReveal();
  @Module({ controllers: [ReferenceController], providers: [{ provide: HUSH, useValue: hush }] })
  class ReferenceModule {}
  return ReferenceModule;
}
