import { Body, Controller, HttpCode, Inject, Module, Param, Post, Req, type INestApplication, type Type } from '@nestjs/common';
import { anonymousCaller, RevealSecret, ShareSecret } from '@hush/domain';
import { CompositionModule, configFromEnvironment, limitHeapGrowth, OutboxWorker, presentMetadata, requestOrigin } from '@hush/api/reference-kit';

// The same heap setting as the server's, so that the comparison is of the HTTP surface alone.
limitHeapGrowth();

export const SHARE_DOMAIN = Symbol('share domain');

type ReferenceRequest = Parameters<typeof requestOrigin>[0];

/** A bare controller over Hush's use cases, with Hush's answers: no middleware, guards, interceptors, pipes or filters. */
@Controller('api/v1')
class ReferenceController {
  constructor(
    private readonly shareSecret: ShareSecret,
    private readonly revealSecret: RevealSecret,
    @Inject(SHARE_DOMAIN) private readonly shareDomain: string,
  ) {}

  @Post('share')
  @HttpCode(200)
  async share(@Body() body: { secret?: string }, @Req() request: ReferenceRequest) {
    const metadata = await this.shareSecret.execute({ caller: anonymousCaller, origin: requestOrigin(request), secret: body.secret ?? '' });
    return presentMetadata(metadata, this.shareDomain);
  }

  @Post('secret/:key')
  @HttpCode(200)
  async reveal(@Param('key') secretKey: string, @Req() request: ReferenceRequest) {
    const revealed = await this.revealSecret.execute({ secretKey, caller: anonymousCaller, origin: requestOrigin(request) });
    return { value: revealed.value, secret_key: revealed.secretKey, share_domain: this.shareDomain };
  }
}

/**
 * Hush's own composition (database, use cases, outbox delivery when WEBHOOK_URL is set), configured from the
 * same environment as the server: what every reference serves.
 */
export function referenceComposition(): Type {
  const config = configFromEnvironment();
  @Module({
    imports: [CompositionModule.forRoot(config)],
    providers: [OutboxWorker, { provide: SHARE_DOMAIN, useValue: config.shareDomain }],
    exports: [SHARE_DOMAIN],
  })
  class ReferenceComposition {}
  return ReferenceComposition;
}

/** The composition behind the bare controller. */
export function referenceModule(): Type {
  @Module({ imports: [referenceComposition()], controllers: [ReferenceController] })
  class ReferenceModule {}
  return ReferenceModule;
}

/** Listens where the bench says, and closes on SIGTERM (so that a `--cpu-prof` profile is written). */
export async function serveReference(app: INestApplication): Promise<void> {
  process.once('SIGTERM', () => void app.close().finally(() => process.exit(0)));
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}
