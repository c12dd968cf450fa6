import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { routePattern } from './http-metrics.middleware';

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Everything that may carry secret data is censored, wherever a future log call puts it. */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.url', 'req.query', 'req.body', 'req.params',
  '*.secret', '*.passphrase', '*.value', '*.token', '*.apitoken', '*.secret_key', '*.metadata_key', '*.authorization',
];

/**
 * One JSON object per line (pino), with a request id and the route pattern. Requests are logged by
 * method, route pattern and status only: paths hold keys and query strings may hold secrets.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: Pick<AppConfig, 'logLevel'>): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (request: IncomingMessage, response: ServerResponse) => {
              const given = request.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              response.setHeader('X-Request-Id', id);
              return id;
            },
            // Added when the response is logged: only then has the router matched the route.
            customSuccessObject: (request: IncomingMessage, _response: ServerResponse, fields: object) => ({ ...fields, route: routePattern(request as Request) }),
            customErrorObject: (request: IncomingMessage, _response: ServerResponse, _error: Error, fields: object) => ({ ...fields, route: routePattern(request as Request) }),
            serializers: {
              req: (request: { id: unknown; method: unknown }) => ({ id: request.id, method: request.method }),
              res: (response: { statusCode: unknown }) => ({ statusCode: response.statusCode }),
            },
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
              error || response.statusCode >= 500 ? 'error' : 'info',
          },
        }),
      ],
    };
  }
}
