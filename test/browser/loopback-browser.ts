/**
 * Debian's Chromium, driven by playwright-core, that can reach 127.0.0.1 and nothing else.
 * Every request the page makes is routed through a guard that lets only loopback through
 * and remembers the rest, so a test can fail on a single request that would have left the
 * machine (a CDN script, a validator badge, a font).
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface LoopbackBrowser {
  context: BrowserContext;
  /** URLs the page tried to reach beyond 127.0.0.1, each refused. */
  escaped: string[];
  close(): Promise<void>;
}

const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:']);

function staysLocal(url: string): boolean {
  const parsed = new URL(url);
  if (LOCAL_SCHEMES.has(parsed.protocol)) return true;
  return (
    (parsed.protocol === 'http:' || parsed.protocol === 'ws:') && parsed.hostname === '127.0.0.1'
  );
}

export async function launchLoopbackBrowser(): Promise<LoopbackBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as npm test's first step does`,
    );
  }
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-domain-reliability',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      // Below the page too: no name resolves, so Chromium's own traffic has nowhere to go.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 1000 },
    serviceWorkers: 'block',
  });
  const escaped: string[] = [];
  const check = (url: string) => {
    if (staysLocal(url)) return true;
    if (!escaped.includes(url)) escaped.push(url);
    return false;
  };
  await context.route('**/*', (route) =>
    check(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
  );
  // Requests the router does not see (WebSockets, beacons) are still recorded.
  context.on('request', (request) => check(request.url()));
  context.on('page', (page) => page.on('websocket', (socket) => check(socket.url())));
  return { context, escaped, close: () => browser.close() };
}
