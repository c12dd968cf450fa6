// Entry point `@hush/api/reference-kit`: what the bench's bare Nest references reuse, so that they serve Hush's
// use cases with Hush's composition, answers and deliveries, and differ from it only in the HTTP surface.
export { CompositionModule } from './composition/composition.module';
export { configFromEnvironment } from './config/environment';
export { PrototypeStableExpressAdapter } from './http/prototype-stable-express.adapter';
export { requestOrigin } from './http/request-origin';
export { presentMetadata } from './api-v1/metadata.presenter';
export { OutboxWorker } from './notifications/outbox.worker';
export { limitHeapGrowth } from './runtime/heap-growth';
