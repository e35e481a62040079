/**
 * The local mail catcher as its own process (`npm start` without SMTP_URL; the e2e server): SMTP on
 * MAIL_CATCHER_SMTP_PORT, the web page and API on MAIL_CATCHER_HTTP_PORT (sandbox/mail-catcher.ts).
 */
import { envAtStart } from '../lib/env';
import { startMailCatcher } from '../sandbox/mail-catcher';

const e = envAtStart('mail-catcher');
const c = await startMailCatcher({ smtpPort: e.MAIL_CATCHER_SMTP_PORT, httpPort: e.MAIL_CATCHER_HTTP_PORT });
console.log(`[mail-catcher] SMTP on ${c.smtpPort}, mail readable at http://localhost:${c.httpPort}`);
const stop = () => void c.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
