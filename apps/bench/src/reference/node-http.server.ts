import { createServer, type IncomingMessage } from 'node:http';
import { openShareAndReveal } from './use-cases';

/** Reference: Hush's use cases behind bare node:http (no framework, no middleware), to show what the framework costs. */
async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  return new URLSearchParams(body);
}

async function main(): Promise<void> {
  const hush = await openShareAndReveal();
  const secretPath = '/api/v1/secret/';
  createServer((request, response) => {
    const answer = async () => {
      const form = await readForm(request);
      if (request.url === '/api/v1/share') return hush.share(form.get('secret') ?? '');
      if (request.url?.startsWith(secretPath)) return hush.reveal(request.url.slice(secretPath.length));
      return { message: 'Not Found' };
    };
    answer().then(
      (body) => response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body)),
      () => response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"Unknown secret"}'),
    );
  }).listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
