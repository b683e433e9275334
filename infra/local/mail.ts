import { MailDev } from 'maildev';

/** A received email as maildev's REST API (`GET /api/email`) describes it; the fields tests read. */
export interface ReceivedEmail {
  id: string;
  time: string;
  subject: string;
  from: { address: string; name: string }[];
  to: { address: string; name: string }[];
  text?: string;
  html?: string;
}

/** The inbox keeps this many emails and drops the oldest beyond it, so the data dir stays bounded. */
const KEEP = 1000;

/**
 * The local stand-in for SES: maildev, a real SMTP server with a web inbox and a REST API. Functions
 * send to it through `SMTP_URL` (functions/notifications/email.ts); people read it at `url`, tests
 * through `received()`. Mail is kept as .eml files in `dir` (the data dir), so it survives restarts.
 */
export const startMailCatcher = async (options: { dir: string; smtpPort?: number; webPort?: number }) => {
  const start = async (smtp: number, web: number) => {
    const maildev = new MailDev({
      smtp,
      web,
      ip: '127.0.0.1',
      webIp: '127.0.0.1',
      mailDirectory: options.dir,
      maxEmails: KEEP,
      silent: true,
    });
    // maildev's API server announces itself on the console whatever `silent` says; npm start prints the
    // inbox's URL itself.
    const info = console.info;
    console.info = () => undefined;
    try {
      return { maildev, servers: await maildev.start() };
    } catch (error) {
      // The SMTP server may be up when the web one fails: close what did start.
      await maildev.stop().catch(() => undefined);
      throw error;
    } finally {
      console.info = info;
    }
  };
  const wanted = [options.smtpPort ?? 0, options.webPort ?? 0] as const;
  // Nothing stores the inbox's address, so a taken port is no reason to fail the start: take free ones.
  const { maildev, servers } = await start(...wanted).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE' || (wanted[0] === 0 && wanted[1] === 0)) throw error;
    return start(0, 0);
  });
  const webPort = servers.api?.getPort();
  if (!webPort) throw new Error('maildev started without its web inbox');
  const url = `http://127.0.0.1:${webPort}`;
  return {
    /** The web inbox people open. */
    url,
    /** Where functions send mail (set as SMTP_URL). */
    smtpUrl: `smtp://127.0.0.1:${servers.smtp.getPort()}`,
    /** Every email received, oldest first (maildev's REST API). */
    received: async (): Promise<ReceivedEmail[]> => {
      const response = await fetch(`${url}/api/email`);
      if (!response.ok) throw new Error(`maildev answered ${response.status}`);
      return (await response.json()) as ReceivedEmail[];
    },
    stop: () => maildev.stop(),
  };
};

export type MailCatcher = Awaited<ReturnType<typeof startMailCatcher>>;
