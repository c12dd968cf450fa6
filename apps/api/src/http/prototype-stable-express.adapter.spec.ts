import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { bornOn, PrototypeStableExpressAdapter } from './prototype-stable-express.adapter';

describe('PrototypeStableExpressAdapter', () => {
  let server: Server;
  let app: Express;
  const seen: { request?: object; response?: object } = {};

  beforeAll(async () => {
    const adapter = new PrototypeStableExpressAdapter();
    adapter.initHttpServer({});
    app = adapter.getInstance<Express>();
    app.get('/hello', (request, response) => {
      response.json({ path: request.path, ip: typeof request.ip });
    });
    server = adapter.getHttpServer() as Server;
    // Runs before Express sees the pair, so it shows how the server built them.
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
      seen.request = Object.getPrototypeOf(request) as object;
      seen.response = Object.getPrototypeOf(response) as object;
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("creates requests and responses on Express's prototypes, so Express need not change them", async () => {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/hello`);

    expect(seen.request).toBe(app.request);
    expect(seen.response).toBe(app.response);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: '/hello', ip: 'string' });
  });

  it('builds instances on the given prototype whether the constructor is a function or a class', () => {
    const prototype = { greet(this: { name: string }) { return `hello ${this.name}`; } };
    function AsFunction(this: { name: string }, name: string) { this.name = name; }
    class AsClass { constructor(readonly name: string) {} }
    for (const base of [AsFunction as unknown as typeof AsClass, AsClass]) {
      const Born = bornOn(base, prototype);
      const instance = new Born('node') as unknown as { name: string; greet(): string };
      expect(Object.getPrototypeOf(instance)).toBe(prototype);
      expect(instance.greet()).toBe('hello node');
    }
  });

  it("is checked against the ExpressAdapter.initHttpServer it re-implements: this fails when Nest's changes upstream", () => {
    const source = readFileSync(require.resolve('@nestjs/platform-express/adapters/express-adapter.js'), 'utf8');
    const method = /\n {4}initHttpServer\(options\) \{\n[\s\S]*?\n {4}\}\n/.exec(source)?.[0];
    const fingerprint = createHash('sha256').update(method ?? '').digest('hex');
    // On a new Nest release: read its initHttpServer, carry any change into PrototypeStableExpressAdapter, then record the new fingerprint.
    expect(fingerprint).toBe(NEST_INIT_HTTP_SERVER_SHA256);
  });
});

/** sha256 of ExpressAdapter.initHttpServer in @nestjs/platform-express 12.5.1. */
const NEST_INIT_HTTP_SERVER_SHA256 = '513a77527d9519f68d2576322bee75ff7941683e70f00d8e0850197758b0e9d3';
