import type { Type } from '@nestjs/common';
import { MetadataController } from './metadata.controller';
import { SecretsController } from './secrets.controller';
import { StatusController } from './status.controller';

/** The Onetime Secret REST API v1 under /api/v1 (its errors: V1ExceptionFilter; its OpenAPI document: openapi.ts). */
export const V1_CONTROLLERS: Type[] = [StatusController, SecretsController, MetadataController];
