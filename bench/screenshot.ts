// Writes docs/dashboard.png, the README's picture of the console: the test world's two months
// synced, a national operator signed in, the dashboard in a real Chromium.
// Run: npm run build && node dist/bench/screenshot.js
import { join } from 'node:path';
import { REPO_ROOT } from '../test/fixtures/cli.js';
import { freshContext, launchBrowser, signIn } from '../test/web/browser-support.js';
import { webWorld } from '../test/web/web-support.js';

const world = await webWorld('sqlite', 2);
const browser = await launchBrowser();
try {
  await world.addOperator('admin.pusat', 'nasional');
  const { page } = await freshContext(browser);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await signIn(page, world.url, 'admin.pusat');
  await page.waitForSelector('canvas#chart-outbox[data-rendered]');
  const out = join(REPO_ROOT, 'docs', 'dashboard.png');
  await page.screenshot({ path: out, fullPage: false });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await world.close();
}
