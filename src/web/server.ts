// The Node HTTP server around the Hono app: listens, reports its URL, and closes cleanly.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createWebApp } from './app.js';
import type { WebDeps } from './web-types.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export function startWebServer(deps: WebDeps, host: string, port: number): Promise<RunningServer> {
  const app = createWebApp(deps);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const url = `http://${shown}:${info.port}`;
      deps.log({ type: 'listening', url });
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
