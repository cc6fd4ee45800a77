/**
 * Audio in Chromium with no header on the page, on the Node server and on the Worker under
 * `wrangler dev`, both in front of the Verba sandbox: a signed link (POST …/audio-links)
 * plays in an `<audio src>` (canplay, the right duration); Swagger UI's "Try it out" on
 * the audio route offers the audio it fetched with the key as a download (the same bytes); and
 * its "Try it out" on the audio-links route answers with a link that opens and plays.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startVerbaSandbox,
  VERBA_SAMPLE_CALLS,
  type VerbaSandbox,
} from '../../providers/verba/sandbox/index.ts';
import { sha256 } from '../shared/recordings-routes.ts';
import { startGateway } from '../support/gateway.ts';
import { startWranglerDev } from '../support/wrangler-dev.ts';
import { type LoopbackBrowser, launchLoopbackBrowser } from './loopback-browser.ts';

const API_KEY = 'cgk_browser_links_7d2c9e4a1f3b';
const RECORDING = VERBA_SAMPLE_CALLS.finished;
const CALL_ID = `verba_${RECORDING}`;
const LINKS = `/calls/${CALL_ID}/recordings/${RECORDING}/audio-links`;

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
      { name: 'browser', key: API_KEY, scopes: ['calls:read', 'recordings:read'] },
    ]),
    LOG_LEVEL: 'warn',
  };
}

beforeAll(async () => {
  verba = await startVerbaSandbox();
  browser = await launchLoopbackBrowser();
});

afterAll(async () => {
  await browser?.close();
  await verba?.close();
});

interface Heard {
  duration: number;
  started: number;
  later: number;
}

/** Plays `src` in an `<audio>` element of `page` until it has moved on a little. */
async function play(page: Page, src: string): Promise<Heard> {
  // Runs in the page (a string, so the DOM needs no types here).
  return (await page.evaluate(`(async () => {
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
  })()`)) as Heard;
}

async function makeLink(base: string, body: unknown): Promise<{ url: string }> {
  const response = await fetch(`${base}${LINKS}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { url: string };
}

async function authorize(page: Page) {
  await page.locator('.scheme-container button.authorize').click();
  const dialog = page.locator('.dialog-ux .modal-ux');
  const logout = dialog.locator('.auth-btn-wrapper button', { hasText: 'Logout' });
  await dialog.locator('.auth-btn-wrapper').waitFor();
  // The key is kept across pages of one browser (persistAuthorization).
  if ((await logout.count()) === 0) {
    await dialog.locator('input').first().fill(API_KEY);
    await dialog.locator('.auth-btn-wrapper button.authorize').click();
    await logout.waitFor();
  }
  await dialog.locator('button.btn-done').click();
  await dialog.waitFor({ state: 'detached' });
}

/** Opens an operation, fills its parameters, runs it and waits for the answer's status. */
async function tryItOut(
  page: Page,
  operationId: string,
  params: Record<string, string>,
  body?: string,
) {
  const operation = page.locator(`#operations-calls-${operationId}`);
  await operation.locator('.opblock-summary-control').click();
  await operation.locator('button.try-out__btn').click();
  for (const [name, value] of Object.entries(params)) {
    const row = operation.locator(`tr[data-param-name="${name}"]`);
    if ((await row.locator('select').count()) > 0) await row.locator('select').selectOption(value);
    else await row.locator('input').fill(value);
  }
  if (body !== undefined) await operation.locator('textarea.body-param__text').fill(body);
  await operation.locator('button.execute').click();
  const status = operation.locator('.live-responses-table tr.response .response-col_status');
  await status.first().waitFor();
  return { operation, status: (await status.first().textContent())?.trim() };
}

function describeAudio(
  runtime: string,
  start: () => Promise<{ url: string; close(): Promise<void> }>,
) {
  describe(`audio in Chromium, on ${runtime}`, () => {
    let base: string;
    let close: () => Promise<void>;

    beforeAll(async () => {
      const server = await start();
      base = server.url;
      close = () => server.close();
    });

    afterAll(async () => {
      await close?.();
    });

    it('plays a signed link in <audio src> with no header on the page', {
      timeout: 120_000,
    }, async () => {
      const whole = await makeLink(base, {});
      const segment = await makeLink(base, { format: 'mp3', start: 10, end: 14 });
      const page = await browser.context.newPage();
      const sent: Array<string | null> = [];
      page.on('request', (request) => {
        if (request.url().includes('/audio-links/'))
          sent.push(request.headers().authorization ?? null);
      });
      try {
        await page.goto(`${base}/healthz`);
        const heard = await play(page, whole.url);
        expect(Math.abs(heard.duration - 754)).toBeLessThan(0.5);
        expect(heard.later).toBeGreaterThan(heard.started);
        const part = await play(page, segment.url);
        expect(Math.abs(part.duration - 4)).toBeLessThan(0.5);
        expect(sent.length).toBeGreaterThan(0);
        expect(sent.every((header) => header === null)).toBe(true);
      } finally {
        await page.close();
      }
    });

    it('Swagger UI: "Try it out" downloads the audio, and makes a link that opens', async () => {
      const page = await browser.context.newPage();
      try {
        await page.goto(`${base}/docs`);
        await page.locator('.swagger-ui .info .title').getByText('callgate').waitFor();
        await authorize(page);

        // The audio route: the bytes fetched with the key, offered as a download.
        const audio = await tryItOut(page, 'getRecordingAudio', {
          id: CALL_ID,
          recordingId: RECORDING,
          // Swagger UI fills in the documented examples: each is set here.
          format: 'pcm16',
          start: '0',
          end: '2',
        });
        expect(audio.status).toBe('200');
        const link = audio.operation.locator('.live-responses-table a[download]');
        await link.waitFor();
        expect(await link.getAttribute('href')).toMatch(/^blob:/);
        const downloading = page.waitForEvent('download');
        await link.click();
        const download = await downloading;
        expect(download.suggestedFilename()).toBe(`${CALL_ID}_${RECORDING}.wav`);
        const saved = readFileSync((await download.path()) as string);
        const direct = await fetch(
          `${base}/calls/${CALL_ID}/recordings/${RECORDING}/audio?format=pcm16&start=0&end=2`,
          { headers: { authorization: `Bearer ${API_KEY}` } },
        );
        const expected = new Uint8Array(await direct.arrayBuffer());
        // PCM16 WAV at 8 kHz: a 44-byte header and two seconds of samples.
        expect(saved.byteLength).toBe(44 + 2 * 8000 * 2);
        expect(await sha256(saved)).toBe(await sha256(expected));

        // The audio-links route: its answer is a link that opens and plays, with no key.
        const made = await tryItOut(
          page,
          'createAudioLink',
          { id: CALL_ID, recordingId: RECORDING },
          '{ "format": "mp3", "start": 10, "end": 14 }',
        );
        expect(made.status).toBe('201');
        const answer = made.operation.locator(
          '.live-responses-table tr.response .response-col_description pre',
        );
        await expect.poll(() => answer.first().textContent()).toContain('"url"');
        const { url } = JSON.parse((await answer.first().textContent()) ?? '') as { url: string };
        expect(url.startsWith(`${base}/audio-links/`)).toBe(true);
        const opened = await browser.context.newPage();
        try {
          const response = await opened.goto(url);
          expect(response?.status()).toBe(200);
          expect(response?.headers()['content-type']).toBe('audio/mpeg');
          expect(await response?.request().headerValue('authorization')).toBeNull();
          const heard = await play(opened, url);
          expect(Math.abs(heard.duration - 4)).toBeLessThan(0.5);
        } finally {
          await opened.close();
        }
      } finally {
        await page.close();
      }
    }, 180_000);

    it('loads nothing from beyond 127.0.0.1', () => {
      expect(browser.escaped).toEqual([]);
    });
  });
}

describeAudio('node', () => startGateway(gatewayEnv(verba), { name: 'browser-audio-links' }));

describeAudio('worker', () => startWranglerDev(gatewayEnv(verba)));
