// Static assets, served from memory: our own CSS and script (src/web/assets) and Chart.js from its
// package. Nothing comes from a CDN; the machines have no internet.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function load(path: string, type: string): Asset {
  const body = readFileSync(path);
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

/** dist/src/web/security → the repository's src/web/assets (tsc does not copy non-TS files). */
function ownAssetsDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'src', 'web', 'assets');
}

export function loadAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const chartDir = dirname(require.resolve('chart.js'));
  const own = ownAssetsDir();
  return new Map([
    ['/static/app.css', load(join(own, 'app.css'), 'text/css; charset=utf-8')],
    ['/static/app.js', load(join(own, 'app.js'), 'text/javascript; charset=utf-8')],
    ['/static/chart.umd.min.js', load(join(chartDir, 'chart.umd.min.js'), 'text/javascript; charset=utf-8')],
  ]);
}
