import type { Server } from 'node:http';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Histogram } from 'prom-client';
import { AppConfig } from '../config/app-config';
import type { Logger } from 'pino';
import { createLogger } from '../observability/logging';
import { observeRequests } from '../observability/request-observer';
import { METRIC } from '../observability/metric-names';
import { bodyParsers } from './body-parsers';
import { GenericExceptionFilter } from './errors/generic-exception.filter';
import { ScopedExceptionFilter } from './errors/scoped-exception.filter';
import { V1ExceptionFilter } from './errors/v1-exception.filter';
import { setUpOpenApi } from './openapi';
import { PageExceptionFilter } from '../pages/page-exception.filter';
import { PageRenderer } from '../pages/page-renderer';

/** The pages' stylesheet, script and icon, beside src/ and dist/. */
const ASSETS = join(__dirname, '..', '..', 'assets');

/** Everything about the HTTP surface that is not a route; shared by main.ts and the end-to-end tests. */
export function configureHttp(app: NestExpressApplication, config: AppConfig, logger: Logger = createLogger(config)): void {
  const server = app.getHttpServer() as Server;
  server.headersTimeout = config.http.headersTimeoutMs;
  server.requestTimeout = config.http.requestTimeoutMs;
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  server.maxConnections = config.http.maxConnections;
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  // `recipient[]=a&recipient[]=b` in the query string, as in forms.
  app.set('query parser', 'extended');
  app.use(observeRequests(logger, app.get<Histogram>(getToken(METRIC.httpDuration))));
  // One answer on every surface, the pages' CSP's: nothing may frame Hush (helmet's defaults allow its own origin).
  app.use(helmet({ contentSecurityPolicy: { directives: { frameAncestors: ["'none'"] } }, xFrameOptions: { action: 'deny' } }));
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: [...config.corsOrigins], methods: ['GET', 'POST'], allowedHeaders: ['Authorization', 'Content-Type'] });
  }
  app.use((_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(bodyParsers(config));
  const generic = new GenericExceptionFilter();
  const pages = config.web.pages ? new PageExceptionFilter(app.get(PageRenderer), config) : generic;
  if (config.web.pages) app.useStaticAssets(ASSETS, { prefix: '/assets/', index: false, fallthrough: true });
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
