import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { bodyParsers } from './body-parsers';
import { V1ExceptionFilter } from './errors/v1-exception.filter';

/** Everything about the HTTP surface that is not a route; shared by main.ts and the end-to-end tests. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.set('etag', false);
  // `recipient[]=a&recipient[]=b` in the query string, as in forms.
  app.set('query parser', 'extended');
  app.use((_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(...bodyParsers(config.policy.secretMaxBytes));
  app.useGlobalFilters(new V1ExceptionFilter(config));
}
