/**
 * The local mail catcher (issue 28), the mail server's stand-in as the sandbox is the provider's: an SMTP server that keeps every message in memory and shows them
 * on a small web page with a JSON API. `npm start` runs it (scripts/mail-catcher.ts) when SMTP_URL is
 * unset; the integration tests, the chaos run and the e2e server run it on free ports and read mail
 * back through the API:
 *   GET    /api/messages[?to=addr]  every message (newest last): id, messageId, from, to, subject, text,
 *                                   html, date, attachments (filename, contentType, base64 content)
 *   DELETE /api/messages            forget them all
 *   GET    /                        the messages as a page, readable in a browser
 * smtp-server and mailparser (nodemailer's own project) instead of maildev: maildev 3 pulls in a web
 * app, socket.io and its own copies of both; this is what the tests need in ~100 lines.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: number;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  date: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

export interface MailCatcher {
  smtpPort: number;
  httpPort: number;
  url: string;
  messages(): CaughtMail[];
  stop(): Promise<void>;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export async function startMailCatcher(
  o: { smtpPort?: number; httpPort?: number; host?: string } = {},
): Promise<MailCatcher> {
  const host = o.host ?? '127.0.0.1';
  const mails: CaughtMail[] = [];
  let next = 1;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'rail-portal mail catcher',
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((m) => {
          mails.push({
            id: next++,
            messageId: m.messageId ?? null,
            from: m.from?.text ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
            date: (m.date ?? new Date()).toISOString(),
            attachments: m.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              content: a.content.toString('base64'),
            })),
          });
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(o.smtpPort ?? 0, host, () => resolve());
  });
  const web = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://catcher');
    if (url.pathname === '/api/messages' && req.method === 'DELETE') {
      mails.length = 0;
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/api/messages') {
      const to = url.searchParams.get('to')?.toLowerCase();
      const list = to ? mails.filter((m) => m.to.some((t) => t.toLowerCase() === to)) : mails;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(list));
      return;
    }
    if (url.pathname === '/health') {
      res.writeHead(200).end('ok');
      return;
    }
    const rows = [...mails]
      .reverse()
      .map(
        (m) =>
          `<article style="border-bottom:1px solid #ccc;padding:8px"><h2 style="font-size:16px">${esc(m.subject)}</h2><p>${esc(m.date)} · ${esc(m.to.join(', '))}</p><pre style="white-space:pre-wrap">${esc(m.text)}</pre></article>`,
      )
      .join('');
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><meta charset="utf-8"><title>邮件捕获</title><h1>邮件捕获（${mails.length} 封）</h1>${rows}`,
      );
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(o.httpPort ?? 0, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (web.address() as AddressInfo).port;
  return {
    smtpPort,
    httpPort,
    url: `http://${host}:${httpPort}`,
    messages: () => [...mails],
    async stop() {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => web.close(() => r()));
    },
  };
}
