import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { setUpOpenApi } from './api-v1/openapi';
import { V1ExceptionFilter } from './api-v1/v1-exception.filter';
import type { AppConfig } from './config/app-config';
import { configureHttp } from './http/configure-http';
import { GenericExceptionFilter } from './http/errors/generic-exception.filter';
import { ScopedExceptionFilter } from './http/errors/scoped-exception.filter';
import { PageExceptionFilter } from './pages/page-exception.filter';
import { PageRenderer } from './pages/page-renderer';
import { PAGE_ASSETS } from './pages/pages';

/**
 * The HTTP server's surfaces on the shared base: the base (configureHttp), then each surface's own parts — the pages'
 * assets, which error filter answers under which path (the one place that says so), the v1 API's OpenAPI document.
 * Everything about the server that is not a route; shared by main.ts and the end-to-end tests.
 */
export function configureSurfaces(app: NestExpressApplication, config: AppConfig, logger?: Logger): void {
  configureHttp(app, config, logger);
  const generic = new GenericExceptionFilter();
  const pages = config.web.pages ? new PageExceptionFilter(app.get(PageRenderer), config) : generic;
  if (config.web.pages) app.useStaticAssets(PAGE_ASSETS, { prefix: '/assets/', index: false, fallthrough: true });
  app.useGlobalFilters(
    new ScopedExceptionFilter(
      [
        ['/api/v1', new V1ExceptionFilter(config)],
        ['/api', generic],
        ['/health', generic],
        ['/metrics', generic],
      ],
      pages,
    ),
  );
  setUpOpenApi(app);
}
