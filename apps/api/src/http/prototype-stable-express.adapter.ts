import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

const isClass = (constructor: object): boolean => /^class\b/.test(Function.prototype.toString.call(constructor));

/**
 * A constructor for one of Node's HTTP classes whose instances are born with `prototype` instead of the
 * class's own. Node defines them as plain functions today, which the constructor calls on the new object;
 * should they become classes, it constructs them with Reflect.construct, which works for both but made
 * every request measurably slower (docs/performance.md).
 */
export function bornOn<T extends abstract new (...args: never[]) => object>(base: T, prototype: object): T {
  if (isClass(base)) {
    const ConstructedClass = function (...args: unknown[]): object {
      return Reflect.construct(base, args, ConstructedClass) as object;
    };
    ConstructedClass.prototype = prototype;
    return ConstructedClass as unknown as T;
  }
  function Constructed(this: object, ...args: unknown[]): void {
    (base as unknown as (...args: unknown[]) => void).apply(this, args);
  }
  Constructed.prototype = prototype;
  return Constructed as unknown as T;
}

/**
 * Express moves every request and response onto its own prototypes with `Object.setPrototypeOf`, which
 * de-optimises Node's HTTP objects for the whole process (expressjs/express#5998; measured in docs/performance.md).
 * This adapter's server creates them on Express's prototypes from the start, so that call finds nothing
 * to change. It re-implements ExpressAdapter.initHttpServer; its spec fails when Nest's version changes.
 */
export class PrototypeStableExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // Nest implements these options on the server it builds itself.
    if (options.return503OnClosing || options.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    const classes = { IncomingMessage: bornOn(IncomingMessage, app.request), ServerResponse: bornOn(ServerResponse, app.response) };
    // Header and request timeouts are enforced when connections are checked: every second, not Node's 30.
    const serverOptions = { ...classes, connectionsCheckingInterval: 1000 };
    this.httpServer = options.httpsOptions ? createHttpsServer({ ...options.httpsOptions, ...serverOptions }, app) : createServer(serverOptions, app);
  }
}
