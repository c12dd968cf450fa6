import { applyDecorators } from '@nestjs/common';
import { ApiBasicAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import type { ApiBodyOptions } from '@nestjs/swagger';
import { GENERATED_LENGTH_DEFAULT, GENERATED_LENGTH_MAX, GENERATED_LENGTH_MIN, PASSPHRASE_MAX_LENGTH } from '@hush/domain';

/** OpenAPI schema object, as @nestjs/swagger accepts it (its type is not exported by name). */
type SchemaObject = NonNullable<Extract<ApiBodyOptions, { schema?: unknown }>['schema']>;

const integer = (description: string): SchemaObject => ({ type: 'integer', description });

export const METADATA_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'The metadata object (spec §4); fields in this order, unknown fields may be added later',
  properties: {
    custid: { type: 'string', description: 'creator\'s customer id, or "anon"' },
    metadata_key: { type: 'string', description: 'the creator\'s private key for this metadata' },
    secret_key: { type: 'string', nullable: true, description: 'key to share; "" once burned/expired; absent once received; null in /recent' },
    ttl: integer('requested time-to-live after clamping (seconds)'),
    metadata_ttl: integer('seconds the metadata has left'),
    secret_ttl: { type: 'integer', nullable: true, description: 'seconds the secret has left; null once gone; absent once received' },
    state: { type: 'string', enum: ['new', 'viewed', 'received', 'burned', 'expired', 'orphaned'] },
    updated: integer('unix seconds of the last change'),
    created: integer('unix seconds of creation'),
    received: integer('unix seconds of the reveal; only when state is received'),
    recipient: { type: 'array', items: { type: 'string' }, description: 'obscured recipient addresses' },
    share_domain: { type: 'string' },
    passphrase_required: { type: 'boolean', description: 'whether the secret was created with a passphrase; in every state and in /recent' },
  },
  required: ['custid', 'metadata_key', 'ttl', 'metadata_ttl', 'state', 'updated', 'created', 'recipient', 'share_domain'],
};

export const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    message: { type: 'string', example: 'Unknown secret' },
    secret_key: { type: 'string', description: 'the key from the path, on "Unknown secret"' },
  },
  required: ['message'],
};

const parameters = (properties: Record<string, SchemaObject>): SchemaObject => ({ type: 'object', properties });

const SHARED_PARAMETERS: Record<string, SchemaObject> = {
  passphrase: { type: 'string', maxLength: PASSPHRASE_MAX_LENGTH, description: 'required later to reveal the secret' },
  ttl: { type: 'integer', description: 'seconds; clamped to the policy, never rejected' },
  recipient: { type: 'array', items: { type: 'string', format: 'email' }, description: 'needs an account; also `recipient[]`' },
};

/** Every v1 error: HTTP 404 (or the intended status in strict mode) with the status meant in a header. */
export const ApiV1Errors = () =>
  ApiResponse({
    status: 404,
    description: 'Any error. The status it stands for (400, 401, 404, 413, 429, 500, 503) is in X-OTS-Intended-Status.',
    headers: { 'X-OTS-Intended-Status': { description: 'the status the error means', schema: { type: 'integer' } } },
    schema: ERROR_SCHEMA,
  });

/** Anonymous allowed; Basic credentials, when sent, must be valid. */
export const ApiOptionalAuth = () => applyDecorators(ApiSecurity({}), ApiBasicAuth('basic'));

const withBody = (schema: SchemaObject) =>
  ApiBody({
    required: false,
    description: 'Parameters may also come in the query string; the body wins. Form, multipart or JSON.',
    schema,
  });

export const ApiShare = () =>
  applyDecorators(
    ApiOperation({ summary: 'Store a secret; returns its metadata' }),
    withBody({ ...parameters({ secret: { type: 'string', description: 'the value (required)' }, ...SHARED_PARAMETERS }), required: ['secret'] }),
    ApiOkResponse({ schema: METADATA_SCHEMA }),
  );

export const ApiGenerate = () =>
  applyDecorators(
    ApiOperation({ summary: 'Generate and store a random secret; returns metadata and, this once, the value' }),
    withBody(parameters({ ...SHARED_PARAMETERS, length: { type: 'integer', minimum: GENERATED_LENGTH_MIN, maximum: GENERATED_LENGTH_MAX, default: GENERATED_LENGTH_DEFAULT } })),
    ApiOkResponse({ schema: { allOf: [METADATA_SCHEMA, parameters({ value: { type: 'string' } })] } }),
  );

export const ApiReveal = () =>
  applyDecorators(
    ApiOperation({ summary: 'Reveal a secret, exactly once' }),
    ApiParam({ name: 'key', description: 'the secret key' }),
    withBody(parameters({ passphrase: { type: 'string', description: 'when the secret has one' } })),
    ApiOkResponse({ schema: parameters({ value: { type: 'string' }, secret_key: { type: 'string' }, share_domain: { type: 'string' } }) }),
  );

export const ApiMetadata = (summary: string) =>
  applyDecorators(ApiOperation({ summary }), ApiParam({ name: 'key', description: 'the metadata key' }), ApiOkResponse({ schema: METADATA_SCHEMA }));

export const ApiBurn = () =>
  applyDecorators(
    ApiOperation({ summary: 'Burn a secret that has not been read' }),
    ApiParam({ name: 'key', description: 'the metadata key' }),
    ApiOkResponse({ schema: parameters({ state: METADATA_SCHEMA, secret_shortkey: { type: 'string' } }) }),
  );

export const ApiRecent = () =>
  applyDecorators(
    ApiOperation({ summary: 'The caller\'s recent metadata, newest first (secret_key always null)' }),
    ApiOkResponse({ schema: { type: 'array', items: METADATA_SCHEMA } }),
  );

export const ApiStatus = (summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiOkResponse({ schema: parameters({ status: { type: 'string', example: 'nominal' }, locale: { type: 'string', example: 'en' } }) }),
  );

