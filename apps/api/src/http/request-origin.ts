import type { RequestOrigin } from '@hush/domain';
import type { Request } from 'express';
import { auditClientAddress } from '../rate-limit/client-address';

const MAX_USER_AGENT = 256;

/** Where a request came from, for the audit trail: the address as Express sees it after TRUST_PROXY (when it is one), and the user agent. */
export function requestOrigin(request: Pick<Request, 'ip' | 'headers'>): RequestOrigin {
  const userAgent = request.headers['user-agent'];
  return {
    clientAddress: request.ip === undefined ? null : auditClientAddress(request.ip),
    userAgent: typeof userAgent === 'string' && userAgent !== '' ? userAgent.slice(0, MAX_USER_AGENT) : null,
  };
}
