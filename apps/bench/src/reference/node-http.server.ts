import 'reflect-metadata';
import { createServer, type IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { anonymousCaller, RevealSecret, ShareSecret } from '@hush/domain';
import { presentMetadata } from '@hush/api/reference-kit';
import { referenceComposition, SHARE_DOMAIN } from './bare-nest.module';

/** Reference: Hush's use cases and answers behind bare node:http (no framework, no middleware), to show what the framework costs. */
async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return new URLSearchParams(body);
}

async function main(): Promise<void> {
  const context = await NestFactory.createApplicationContext(referenceComposition(), { logger: false });
  const share = context.get(ShareSecret);
  const reveal = context.get(RevealSecret);
  const shareDomain = context.get<string>(SHARE_DOMAIN);
  process.once('SIGTERM', () => void context.close().finally(() => process.exit(0)));
  const secretPath = '/api/v1/secret/';
  createServer((request, response) => {
    const origin = { clientAddress: request.socket.remoteAddress ?? null, userAgent: request.headers['user-agent'] ?? null };
    const answer = async () => {
      const form = await readForm(request);
      if (request.url === '/api/v1/share') {
        return presentMetadata(await share.execute({ caller: anonymousCaller, origin, secret: form.get('secret') ?? '' }), shareDomain);
      }
      if (request.url?.startsWith(secretPath)) {
        const revealed = await reveal.execute({ secretKey: request.url.slice(secretPath.length), caller: anonymousCaller, origin });
        return { value: revealed.value, secret_key: revealed.secretKey, share_domain: shareDomain };
      }
      return { message: 'Not Found' };
    };
    answer().then(
      (body) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body)),
      () => response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"Unknown secret"}'),
    );
  }).listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
