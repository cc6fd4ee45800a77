/**
 * Micro benchmarks on one core: a provider's answer, as the upstream sends it, to a call in
 * the gateway's schema (parse + map), per second. Run in a process of its own, before the
 * load phases, so nothing else competes for its core. Prints one JSON line.
 */
import { mapCallFireCall } from '../providers/callfire/mapping.ts';
import { parseCallFireJson } from '../providers/callfire/payload.ts';
import {
  CALLFIRE_SAMPLE_CALLS,
  startCallFireSandbox,
} from '../providers/callfire/sandbox/index.ts';
import { mapVerbaCall } from '../providers/verba/mapping.ts';
import { startVerbaSandbox, VERBA_SAMPLE_CALLS } from '../providers/verba/sandbox/index.ts';
import { parseVerbaAnswer } from '../providers/verba/xml.ts';

const seconds = Number(process.argv[2] ?? 1.5);

/** Calls per second of `run`, after a warm-up long enough for the optimizing compiler. */
function perSecond(run: () => unknown): number {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) run();
  let count = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) run();
    count += 100;
  }
  return Math.round(count / ((performance.now() - started) / 1000));
}

const verba = await startVerbaSandbox({ userName: '', password: '' });
const verbaText = await (
  await fetch(
    `${verba.apiUrl}?action=GetCallInformation&apiKey=${verba.options.apiKey}&responseType=XML&callID=${VERBA_SAMPLE_CALLS.finished}`,
  )
).text();
await verba.close();

const callfire = await startCallFireSandbox();
const callfireJson = async (id: string) =>
  (
    await fetch(`${callfire.apiUrl}/call/${id}.json`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${callfire.options.userName}:${callfire.options.password}`).toString('base64')}`,
      },
    })
  ).text();
// The call of the provider's own documentation (one attempt), and the richest sample
// (three attempts, IVR answers, a recording).
const callfireText = await callfireJson(CALLFIRE_SAMPLE_CALLS.documented);
const surveyText = await callfireJson(CALLFIRE_SAMPLE_CALLS.survey);
await callfire.close();

const verbaContext = { instance: 'verba', timeZone: 'Europe/Budapest', includeRaw: false };
const callfireContext = { instance: 'callfire', includeRaw: false };

const verbaToCall = () => {
  const cdr = parseVerbaAnswer(verbaText).cdr;
  if (!cdr) throw new Error('no verbacdr');
  return mapVerbaCall(cdr, verbaContext);
};
const callfireToCall = (text: string) => () => {
  const document = parseCallFireJson(text);
  if (document.kind !== 'call') throw new Error('not a call');
  return mapCallFireCall(document.call as never, callfireContext);
};
// Fail loudly rather than time a function that throws.
verbaToCall();
callfireToCall(callfireText)();
callfireToCall(surveyText)();

process.stdout.write(
  `${JSON.stringify({
    verba: { bytes: verbaText.length, perSecond: perSecond(verbaToCall) },
    callfire: { bytes: callfireText.length, perSecond: perSecond(callfireToCall(callfireText)) },
    callfireRich: { bytes: surveyText.length, perSecond: perSecond(callfireToCall(surveyText)) },
  })}\n`,
);
