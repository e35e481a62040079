/**
 * The job worker: its own process beside the portal and the sandbox (started by scripts/start.ts,
 * run with the `react-server` condition so server-only modules load). It runs the order service's
 * background work from the Postgres job queue (lib/jobs): re-syncs orders without news, confirms paid
 * holds, expires unpaid ones, pays travellers back, and sweeps every minute for anything missed.
 * Jobs survive restarts: a job whose worker died is retried when its lease expires.
 *
 * Liveness for readiness: a heartbeat row every 5 s (lib/ops/heartbeat.ts). SIGTERM/SIGINT stop it
 * gracefully: no new job is fetched, the running ones get WORKER_STOP_GRACE_MS (20 s) to finish (pg-boss
 * fails what is still running then, and its retry policy runs it again on the next worker), the
 * heartbeat row goes, the pools close, and the process exits 0; a second signal exits at once.
 */
import { assertProductionSafe, envAtStart, ProductionSafetyError } from '@/lib/env';
import { closeDb } from '@/db/client';
import { boss, stopJobs } from '@/lib/jobs';
import { startHeartbeat } from '@/lib/ops/heartbeat';
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
const stopHeartbeat = await startHeartbeat();
log(`ready in ${Date.now() - t0} ms`);
// Account-wide callback URLs (juhe setPush): now, and again every minute until every provider took them.
void keepSettingUp(portalPublicUrl());

const STOP_GRACE_MS = Number(process.env.WORKER_STOP_GRACE_MS ?? 20_000);
let stopping = false;
async function stop() {
  if (stopping) {
    log('second signal: exiting now');
    process.exit(1);
  }
  stopping = true;
  const t = Date.now();
  log(`stopping: running jobs get ${STOP_GRACE_MS} ms`);
  // The bound of everything below, whatever hangs.
  setTimeout(() => {
    console.error('[worker] stop took too long; exiting');
    process.exit(1);
  }, STOP_GRACE_MS + 10_000).unref();
  await stopJobs(STOP_GRACE_MS);
  await stopHeartbeat();
  await closeDb();
  log(`stopped in ${Date.now() - t} ms`);
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
