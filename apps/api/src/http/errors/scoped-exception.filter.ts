import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request } from 'express';

/** A path prefix and the filter that answers errors of requests under it. */
export type FilterScope = readonly [prefix: string, filter: ExceptionFilter];

/**
 * The one global filter: hands each error to the filter of the request's surface, by path, so errors of
 * routes that match no controller and of middleware (body parsers) reach it too.
 */
@Catch()
export class ScopedExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly scopes: readonly FilterScope[],
    private readonly fallback: ExceptionFilter,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const path = host.switchToHttp().getRequest<Request>().path;
    const scope = this.scopes.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));
    (scope?.[1] ?? this.fallback).catch(exception, host);
  }
}
