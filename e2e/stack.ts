/**
 * The running project's own stack (playwright.config.ts starts one per language): its portal, sandbox,
 * mail catcher and database, found from the project's baseURL (port P: sandbox P+1, mail catcher's
 * web API P+4, embedded Postgres P+20), and its data folder. Call these inside a test or hook.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test } from '@playwright/test';

/** The data folder of the project's stack: E2E_DATA_DIR/<project name> (created here when missing). */
export function stackDataDir(project: string): string {
  const root = process.env.E2E_DATA_DIR;
  if (!root) throw new Error('E2E_DATA_DIR is not set (playwright.config.ts sets it)');
  const dir = path.join(root, project);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  return dir;
}

/** The running project's portal port. */
export function stackPort(): number {
  const base = test.info().project.use.baseURL;
  if (!base) throw new Error('the project has no baseURL (playwright.config.ts)');
  return Number(new URL(base).port);
}

export const portalUrl = () => `http://localhost:${stackPort()}`;
export const sandboxUrl = () => `http://localhost:${stackPort() + 1}`;
/** The mail catcher's web page and API (playwright.config.ts: MAIL_CATCHER_HTTP_PORT). */
export const mailCatcherUrl = () => `http://localhost:${stackPort() + 4}`;
export const stackDbPort = () => stackPort() + 20;
/** The running project's data folder (secrets its start script generated: scripts/lib/runtime.ts). */
export const projectDataDir = () => stackDataDir(test.info().project.name);
