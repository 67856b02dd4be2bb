import nodemailer, { type Transporter } from "nodemailer";
import type { Config } from "../../config.ts";

/**
 * The mail transport in deps. With SMTP_URL: a real SMTP transport. Without: nodemailer's JSON
 * transport, which builds the whole message but sends it nowhere — the `messages` row is the
 * delivered email (transport "stored"), so the demo and the tests need no mail server.
 */
export interface Mailer {
  /** Written on each message: where it went. */
  readonly transport: "smtp" | "stored";
  /** The sender; `?from=` on SMTP_URL, else no-reply@ the PUBLIC_URL's host. */
  readonly from: string;
  readonly transporter: Transporter;
}

/**
 * nodemailer waits up to an hour on a silent socket by default; a worker would hold the job's
 * lease that long. Fail within a minute instead and let the outbox retry with backoff.
 */
const SMTP_TIMEOUTS = { connectionTimeout: "10000", greetingTimeout: "10000", socketTimeout: "60000" };

export function createMailer(config: Pick<Config, "SMTP_URL" | "PUBLIC_URL">): Mailer {
  if (!config.SMTP_URL) {
    return {
      transport: "stored",
      from: defaultFrom(config.PUBLIC_URL),
      transporter: nodemailer.createTransport({ jsonTransport: true }),
    };
  }
  const url = new URL(config.SMTP_URL);
  const from = url.searchParams.get("from") ?? defaultFrom(config.PUBLIC_URL);
  // `from` is ours, not a transport option: nodemailer copies every query parameter into its options.
  url.searchParams.delete("from");
  for (const [name, value] of Object.entries(SMTP_TIMEOUTS))
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  return { transport: "smtp", from, transporter: nodemailer.createTransport(url.toString()) };
}

function defaultFrom(publicUrl: string): string {
  const host = new URL(publicUrl).hostname;
  // An IP literal is no mail domain: fall back to localhost rather than an address servers refuse.
  const domain = /^[\d.]+$/.test(host) || host.includes(":") || host.startsWith("[") ? "localhost" : host;
  return `"openbss" <no-reply@${domain}>`;
}
