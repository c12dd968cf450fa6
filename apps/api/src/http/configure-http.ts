import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getToken } from '@willsoto/nestjs-prometheus';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Histogram } from 'prom-client';
import { AppConfig } from '../config/app-config';
import type { Logger } from 'pino';
import { createLogger } from '../observability/logging';
import { observeRequests } from './request-observer';
import { METRIC } from '../observability/metric-names';
import { bodyParsers } from './body-parsers';

/** The shared HTTP base of every surface, up to the body parsers; src/surfaces.ts adds the surfaces' own parts after it. */
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
}
