/**
 * Swagger UI at /docs in Chromium, on the Node server and on the Worker under `wrangler dev`,
 * both in front of the Verba sandbox: every operation is listed, "Try it out" on
 * GET /calls/{id} with a key given in the Authorize dialog answers 200, and nothing the
 * page loads comes from anywhere but the gateway. Screenshots go to test-results/browser/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startVerbaSandbox,
  VERBA_SAMPLE_CALLS,
  type VerbaSandbox,
} from '../../providers/verba/sandbox/index.ts';
import { type RunningGateway, startGateway } from '../support/gateway.ts';
import { startWranglerDev, type WranglerDev } from '../support/wrangler-dev.ts';
import { type LoopbackBrowser, launchLoopbackBrowser } from './loopback-browser.ts';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/browser/', import.meta.url));
const API_KEY = 'cgk_browser_docs_5e1b7c3a9d2f';
const CALL_ID = `verba_${VERBA_SAMPLE_CALLS.finished}`;

let verba: VerbaSandbox;
let browser: LoopbackBrowser;

function gatewayEnv(sandbox: VerbaSandbox): Record<string, string> {
  return {
    VERBA_BASE_URL: sandbox.apiUrl,
    VERBA_API_KEY: sandbox.options.apiKey,
    VERBA_USERNAME: sandbox.options.userName,
    VERBA_PASSWORD: sandbox.options.password,
    VERBA_TIMEZONE: sandbox.options.timeZone,
    GATEWAY_API_KEYS: JSON.stringify([
      { name: 'docs', key: API_KEY, scopes: ['calls:read', 'recordings:read'] },
    ]),
    LOG_LEVEL: 'warn',
  };
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  verba = await startVerbaSandbox();
  browser = await launchLoopbackBrowser();
});

afterAll(async () => {
  await browser?.close();
  await verba?.close();
});

interface Operation {
  operationId: string;
  tags: string[];
}

/** The operations of the document's paths, and those its `webhooks` section declares. */
async function operationsOf(base: string): Promise<Operation[]> {
  const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Operation>>;
    webhooks?: Record<string, Record<string, Operation>>;
  };
  return [...Object.values(document.paths), ...Object.values(document.webhooks ?? {})].flatMap(
    (item) => Object.values(item),
  );
}

async function authorize(page: Page) {
  await page.locator('.scheme-container button.authorize').click();
  const dialog = page.locator('.dialog-ux .modal-ux');
  await dialog.locator('input').first().fill(API_KEY);
  await dialog.locator('.auth-btn-wrapper button.authorize').click();
  await dialog.locator('.auth-btn-wrapper button', { hasText: 'Logout' }).waitFor();
  await dialog.locator('button.btn-done').click();
  await dialog.waitFor({ state: 'detached' });
}

async function tryGetCall(page: Page): Promise<Request> {
  const operation = page.locator('#operations-calls-getCall');
  await operation.locator('.opblock-summary-control').click();
  await operation.locator('button.try-out__btn').click();
  await operation.locator('tr[data-param-name="id"] input').fill(CALL_ID);
  const sent = page.waitForRequest((request) => request.url().includes(`/calls/${CALL_ID}`));
  await operation.locator('button.execute').click();
  const request = await sent;
  await operation
    .locator('.live-responses-table tr.response .response-col_status')
    .first()
    .waitFor();
  return request;
}

function describeDocs(
  runtime: string,
  start: () => Promise<{ url: string; close(): Promise<void> }>,
) {
  describe(`Swagger UI on ${runtime}`, () => {
    let base: string;
    let close: () => Promise<void>;
    let page: Page;

    beforeAll(async () => {
      const server = await start();
      base = server.url;
      close = () => server.close();
      page = await browser.context.newPage();
    });

    afterAll(async () => {
      await page?.close();
      await close?.();
    });

    it('lists every operation of the document', async () => {
      await page.goto(`${base}/docs`);
      await page.locator('.swagger-ui .info .title').getByText('callgate').waitFor();
      const operations = await operationsOf(base);
      expect(operations.length).toBeGreaterThanOrEqual(11);
      for (const { operationId, tags } of operations) {
        await expect
          .poll(() => page.locator(`#operations-${tags[0]}-${operationId}`).count(), {
            message: operationId,
          })
          .toBe(1);
      }
      expect(await page.locator('.opblock').count()).toBe(operations.length);
    });

    it('lists the recording routes', async () => {
      for (const operationId of ['listRecordings', 'getRecordingAudio', 'getLiveAudio']) {
        const block = page.locator(`#operations-calls-${operationId}`);
        await expect.poll(() => block.count(), { message: operationId }).toBe(1);
      }
      await expect
        .poll(() =>
          page.locator('#operations-calls-getRecordingAudio .opblock-summary-path').textContent(),
        )
        .toContain('/calls/{id}/recordings/{recordingId}/audio');
    });

    it("plays a recording in Chromium's <audio> element, streamed through the gateway", async () => {
      const player = await browser.context.newPage();
      try {
        // A media element cannot send a header of its own: the page's requests carry the key.
        await player.setExtraHTTPHeaders({ authorization: `Bearer ${API_KEY}` });
        await player.goto(`${base}/healthz`);
        const src = `${base}/calls/${CALL_ID}/recordings/${VERBA_SAMPLE_CALLS.finished}/audio`;
        // Runs in the page (a string, so the DOM needs no types here).
        const heard = (await player.evaluate(`(async () => {
          const audio = document.createElement('audio');
          audio.preload = 'auto';
          audio.muted = true;
          document.body.append(audio);
          const canPlay = new Promise((resolve, reject) => {
            audio.addEventListener('canplay', () => resolve(), { once: true });
            audio.addEventListener('error', () => reject(new Error('media error ' + audio.error?.code)));
          });
          audio.src = ${JSON.stringify(src)};
          await canPlay;
          await audio.play();
          const started = audio.currentTime;
          await new Promise((resolve) => setTimeout(resolve, 600));
          return { duration: audio.duration, started, later: audio.currentTime };
        })()`)) as { duration: number; started: number; later: number };
        expect(Math.abs(heard.duration - 754)).toBeLessThan(0.5);
        expect(heard.later).toBeGreaterThan(heard.started);
      } finally {
        await player.close();
      }
    });

    it('runs "Try it out" for GET /calls/{id} with the key from the Authorize dialog', async () => {
      await authorize(page);
      const request = await tryGetCall(page);
      expect(new URL(request.url()).origin).toBe(base);
      expect(await request.headerValue('authorization')).toBe(`Bearer ${API_KEY}`);
      const result = page.locator('#operations-calls-getCall .live-responses-table');
      expect(
        (await result.locator('tr.response .response-col_status').first().textContent())?.trim(),
      ).toBe('200');
      await expect
        .poll(() => result.locator('tr.response .response-col_description').first().textContent())
        .toContain('"state": "completed"');
      await page.screenshot({
        path: join(SCREENSHOTS, `swagger-ui-${runtime}.png`),
        fullPage: true,
      });
      // The whole page is long; this one shows the request and its answer at reading size.
      await page.locator('#operations-calls-getCall .opblock-summary').scrollIntoViewIfNeeded();
      await page.evaluate('window.scrollBy(0, 600)');
      await page.screenshot({ path: join(SCREENSHOTS, `swagger-ui-${runtime}-get-call.png`) });
    });

    it('loads nothing from beyond 127.0.0.1', () => {
      expect(browser.escaped).toEqual([]);
    });
  });
}

describeDocs(
  'node',
  async (): Promise<RunningGateway> => startGateway(gatewayEnv(verba), { name: 'browser-docs' }),
);

describeDocs('worker', async (): Promise<WranglerDev> => startWranglerDev(gatewayEnv(verba)));

describe('the loopback guard', () => {
  it('refuses and reports what would leave the machine', async () => {
    const guarded = await launchLoopbackBrowser();
    try {
      const page = await guarded.context.newPage();
      await page.setContent(
        '<img src="http://198.51.100.7/pixel.png"><link rel="stylesheet" href="https://cdn.example/ui.css">',
      );
      await expect
        .poll(() => [...guarded.escaped].sort())
        .toEqual(['http://198.51.100.7/pixel.png', 'https://cdn.example/ui.css']);
    } finally {
      await guarded.close();
    }
  });
});
