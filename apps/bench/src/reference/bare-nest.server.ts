import 'reflect-metadata';
import { Body, Controller, HttpCode, Inject, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { openShareAndReveal, type ShareAndReveal } from './use-cases';

/** Reference: Hush's use cases behind a bare Nest + Express controller (no middleware, guards or filters). */
const HUSH = Symbol('hush');

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

async function main(): Promise<void> {
  const hush = await openShareAndReveal();
  @Module({ controllers: [ReferenceController], providers: [{ provide: HUSH, useValue: hush }] })
  class ReferenceModule {}
  const app = await NestFactory.create(ReferenceModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
