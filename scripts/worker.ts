/**
 * The job worker: its own process beside the portal and the sandbox (started by scripts/start.ts,
 * run with the `react-server` condition so server-only modules load). It runs the order service's
 * background work from the Postgres job queue (lib/jobs): re-syncs orders without news, confirms paid
 * holds, expires unpaid ones, pays travellers back, and sweeps every minute for anything missed.
 * Jobs survive restarts: a job whose worker died is retried when its lease expires.
 */
import { assertProductionSafe, envAtStart, ProductionSafetyError } from '@/lib/env';
import { boss, stopJobs } from '@/lib/jobs';
import { portalPublicUrl } from '@/lib/orders/provider';
import { keepSettingUp } from '@/lib/provider/setup';
import { registerWorkers } from '@/lib/root/jobs';
import { startWorkerObservability } from '@/lib/obs/start';

const log = (s: string) => console.log(`[worker] ${s}`);
const t0 = Date.now();
const e = envAtStart('worker');
try {
  await assertProductionSafe();
} catch (err) {
  if (!(err instanceof ProductionSafetyError)) throw err;
  console.error(`[worker] refusing to start: ${err.message}`);
  process.exit(1);
}
// Traces (OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set), and its metrics on 127.0.0.1:WORKER_METRICS_PORT.
await startWorkerObservability(e.WORKER_METRICS_PORT);
const b = await boss({ worker: true });
await registerWorkers(b, { concurrency: e.WORKER_CONCURRENCY, upkeep: true });
log(`ready in ${Date.now() - t0} ms`);
// Account-wide callback URLs (juhe setPush): now, and again every minute until every provider took them.
void keepSettingUp(portalPublicUrl());

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  log('stopping');
  await stopJobs();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
