import type { Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { TestApp } from './test-app';

/** A raw TCP client; `closed` resolves with what the server wrote and how long the connection stayed open. */
export function openSocket(port: number): { socket: Socket; closed: Promise<{ ms: number; received: string }> } {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<{ ms: number; received: string }>((resolve) => socket.once('close', () => resolve({ ms: Date.now() - started, received })));
  return { socket, closed };
}

/** Makes the test app's HTTP server listen on a free loopback port (supertest alone never opens one to keep). */
export async function listenOnLoopback(t: TestApp): Promise<{ server: Server; port: number; stop: () => Promise<void> }> {
  const server = t.app.getHttpServer() as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return { server, port: (server.address() as AddressInfo).port, stop };
}
