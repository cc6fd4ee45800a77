/**
 * Loaded with `--import` into a process bench/allocations.ts measures: V8's sampling heap
 * profiler, driven by SIGUSR2, in rounds of three signals. The first starts sampling every
 * allocation, the second writes them to `<BENCH_ALLOC_OUT>.<round>.all.heapprofile` and
 * starts sampling only what survives the young generation's collections, the third writes
 * that to `<BENCH_ALLOC_OUT>.<round>.survived.heapprofile`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const out = process.env.BENCH_ALLOC_OUT ?? 'allocations';
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');

const SAMPLING_INTERVAL_BYTES = 8192;
let stage = 0;
const start = (survivorsOnly: boolean) =>
  session.post('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_INTERVAL_BYTES,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: !survivorsOnly,
  });
const stop = async (name: string) => {
  const { profile } = await session.post('HeapProfiler.stopSampling');
  writeFileSync(`${out}.${Math.floor(stage / 3)}.${name}.heapprofile`, JSON.stringify(profile));
};

process.on('SIGUSR2', async () => {
  const step = stage % 3;
  if (step === 0) await start(false);
  else if (step === 1) {
    await stop('all');
    await start(true);
  } else await stop('survived');
  stage += 1;
  process.stderr.write(`alloc-sampler: stage ${stage} done\n`);
});
