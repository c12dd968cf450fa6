import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * A constructor for one of Node's HTTP classes whose instances are born with `prototype` instead of the
 * class's own. Reflect.construct runs the real constructor with this one as `new.target`, which works
 * whether Node defines its HTTP classes as functions or as classes.
 */
function bornOn<T extends typeof IncomingMessage | typeof ServerResponse>(base: T, prototype: object): T {
  function Constructed(...args: unknown[]): object {
    return Reflect.construct(base, args, Constructed) as object;
  }
  Constructed.prototype = prototype;
  return Constructed as unknown as T;
}

/**
 * Express moves every request and response onto its own prototypes with `Object.setPrototypeOf`, which
 * de-optimises Node's HTTP objects for the whole process (expressjs/express#5998; measured in the README).
 * This adapter's server creates them on Express's prototypes from the start, so that call finds nothing
 * to change. It re-implements ExpressAdapter.initHttpServer; its spec fails when Nest's version changes.
 */
export class PrototypeStableExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // Nest implements these options on the server it builds itself.
    if (options.return503OnClosing || options.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    const classes = { IncomingMessage: bornOn(IncomingMessage, app.request), ServerResponse: bornOn(ServerResponse, app.response) };
    this.httpServer = options.httpsOptions ? createHttpsServer({ ...options.httpsOptions, ...classes }, app) : createServer(classes, app);
  }
}
