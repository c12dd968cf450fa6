import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** The v1 contract as OpenAPI 3, generated from the controllers: UI at /api/docs, JSON at /api/docs-json. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Hush API')
    .setDescription('One-time secrets, wire-compatible with the Onetime Secret REST API v1.')
    .setVersion('1')
    .addBasicAuth({ type: 'http', scheme: 'basic', description: 'USERNAME (custid) : APITOKEN' }, 'basic')
    .build();
  const document = SwaggerModule.createDocument(app, config, { include: [] });
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
