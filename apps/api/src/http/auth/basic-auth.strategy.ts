import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { AuthenticateAccount, NotAuthorizedError, type Caller } from '@hush/domain';
import type { Request } from 'express';
import { BasicStrategy } from 'passport-http';

const BASIC_HEADER = /^Basic +([A-Za-z0-9+/]+={0,2})$/i;

/**
 * RFC 7617, strictly: the scheme is exactly `Basic`, the credentials are one base64 token, and the
 * password is everything after the first colon. passport-http alone is lenient on all three
 * (it accepts any scheme containing "Basic" and drops whatever follows a second colon).
 */
export function parseBasicCredentials(header: string | undefined): { custid: string; token: string } | null {
  const match = BASIC_HEADER.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { custid: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
}

/** `Authorization: Basic base64(custid:apitoken)`, checked against the stored token hash. */
@Injectable()
export class BasicAuthStrategy extends PassportStrategy(BasicStrategy, 'basic') {
  constructor(private readonly authenticateAccount: AuthenticateAccount) {
    super({ passReqToCallback: true });
  }

  validate(request: Request): Promise<Caller> {
    const credentials = parseBasicCredentials(request.headers.authorization);
    if (!credentials) throw new NotAuthorizedError();
    return this.authenticateAccount.execute(credentials);
  }
}
