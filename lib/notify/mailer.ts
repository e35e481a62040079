/**
 * The email channel: nodemailer over SMTP. SMTP_URL names the server; unset, the local mail catcher
 * `npm start` and the test harness run (MAIL_CATCHER_SMTP_PORT on this machine). One transport per URL,
 * kept for the process (nodemailer's own connection handling).
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

type Smtp = Transporter<SMTPTransport.SentMessageInfo>;
import { env } from '@/lib/env';

let cached: { url: string; transport: Smtp } | undefined;

export function smtpUrl(): string {
  const e = env();
  return e.SMTP_URL ?? `smtp://127.0.0.1:${e.MAIL_CATCHER_SMTP_PORT}`;
}

function transport(): Smtp {
  const url = smtpUrl();
  if (cached?.url !== url) {
    cached?.transport.close();
    // Timeouts well inside the claim's lease (NOTIFY_LEASE_SECONDS), so a stuck send ends before
    // another worker may take the notification over.
    const local = url.includes('127.0.0.1') || url.includes('localhost');
    cached = {
      url,
      transport: nodemailer.createTransport(url, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
        // The local catcher speaks plain SMTP; a real server upgrades with STARTTLS when it offers it.
        ...(local ? { ignoreTLS: true } : {}),
      }),
    };
  }
  return cached.transport;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Fixed per notification (its first claim): a resend carries the same one. */
  messageId: string;
  attachments?: { filename: string; content: string; contentType: string }[];
}

/** Sends one email; resolves with the server's answer once it accepted it (throws otherwise). */
export async function sendMail(m: Mail): Promise<string> {
  const info = await transport().sendMail({
    from: env().MAIL_FROM,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: m.messageId,
    attachments: m.attachments,
  });
  if (info.rejected.length) throw new Error(`SMTP rejected ${info.rejected.map(String).join(', ')}: ${info.response}`);
  return info.response;
}
