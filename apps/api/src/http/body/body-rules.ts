/** Which POST routes take a body, of which kinds, and how large; every other request takes none. */
export interface BodyRule {
  readonly path: RegExp;
  readonly maxBytes: number;
  /** Too large means the secret is too large (spec §6's message), not just the body. */
  readonly carriesSecret: boolean;
  /** The API's JSON, form and multipart (spec §1), or a page's form only. */
  readonly accepts: 'api' | 'form';
  /** A page form whose fields the handler reads: without one, the request is malformed. */
  readonly formRequired: boolean;
}

export interface BodyLimits {
  readonly secretBytes: number;
  readonly parametersBytes: number;
  readonly pages: boolean;
}

/** The routes of the controllers that read `@Body()` or `@Params()`, as Express matches them: any case, an optional trailing slash. */
export function bodyRules({ secretBytes, parametersBytes, pages }: BodyLimits): BodyRule[] {
  const api = (path: RegExp, carriesSecret = false): BodyRule => ({
    path, maxBytes: carriesSecret ? secretBytes : parametersBytes, carriesSecret, accepts: 'api', formRequired: false,
  });
  const page = (path: RegExp, formRequired: boolean, carriesSecret = false): BodyRule => ({
    path, maxBytes: carriesSecret ? secretBytes : parametersBytes, carriesSecret, accepts: 'form', formRequired,
  });
  return [
    api(/^\/api\/v1\/(?:share|create)\/?$/i, true),
    api(/^\/api\/v1\/(?:generate|secret\/[^/]+)\/?$/i),
    api(/^\/api\/v1\/(?:private|receipt|metadata)\/[^/]+(?:\/burn)?\/?$/i),
    ...(pages
      ? [
        page(/^\/$/, true, true),
        page(/^\/secret\/[^/]+\/?$/i, true),
        // The burn form has no fields: a bare POST burns too.
        page(/^\/(?:receipt|private)\/[^/]+\/burn\/?$/i, false),
        page(/^\/signin\/token\/?$/i, true),
        // The SSO button's form carries `next` at most.
        page(/^\/signin\/sso\/?$/i, false),
        // Sign-out has no fields.
        page(/^\/signout\/?$/i, false),
        // The account's settings; its new-token form has no fields.
        page(/^\/account\/(?:notices|locale)\/?$/i, true),
        page(/^\/account\/token\/?$/i, false),
      ]
      : []),
  ];
}
