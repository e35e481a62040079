/**
 * `npx tsx scripts/cluster.ts` (after `npm run build`): the "past one machine" topology on this one —
 * two portal instances and two job workers over one Postgres, with the sandbox, behind a round-robin
 * proxy (scripts/lib/cluster.ts `startCluster`; `npm run bench` drives the same topology for its row
 * "two instances, two workers", bench/cluster.ts). Prints the proxy's URL once both instances are
 * ready (/api/ready); Ctrl-C stops everything. CLUSTER_PORTALS / CLUSTER_WORKERS change the counts.
 */
import crypto from 'node:crypto';
import { hasBuild, startCluster } from './lib/cluster';

if (!hasBuild()) {
  console.error('[cluster] no production build: run `npm run build` first');
  process.exit(1);
}

const c = await startCluster({
  portals: Number(process.env.CLUSTER_PORTALS ?? 2),
  workers: Number(process.env.CLUSTER_WORKERS ?? 2),
  env: { NEXTAUTH_SECRET: crypto.randomBytes(32).toString('base64url') },
  verbose: process.env.CLUSTER_VERBOSE === '1',
});
console.log(
  `[cluster] ${c.pids.portals.length} portals (${c.portalPorts.join(', ')}), ${c.pids.workers.length} workers, ` +
    `1 Postgres; proxy at ${c.proxyUrl}`,
);

const stop = async () => {
  await c.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
