import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sendEmail } from '../../../functions/notifications/email.ts';
import { env } from '../../../functions/runtime/env.ts';
import { type MailCatcher, startMailCatcher } from '../../../infra/local/mail.ts';

const started: MailCatcher[] = [];
afterEach(async () => {
  for (const catcher of started.splice(0)) await catcher.stop();
  delete process.env[env.SMTP_URL];
  delete process.env[env.EMAIL_FROM];
});

const catcher = async (options: Parameters<typeof startMailCatcher>[0]) => {
  const c = await startMailCatcher(options);
  started.push(c);
  return c;
};

const takenPort = () =>
  new Promise<{ port: number; close: () => void }>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      done({ port: (server.address() as { port: number }).port, close: () => server.close() });
    });
  });

describe('the local mail catcher', () => {
  it('receives what the email sender sends over SMTP, readable through its REST API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firefly-mail-'));
    const mail = await catcher({ dir });
    process.env[env.SMTP_URL] = mail.smtpUrl;
    process.env[env.EMAIL_FROM] = 'Firefly <notifications@firefly.example>';
    const { messageId } = await sendEmail({
      to: 'someone@example.com',
      subject: 'Hello',
      text: 'Plain words',
      html: '<p>Plain words</p>',
    });
    expect(messageId).toBeTruthy();
    await expect
      .poll(async () => (await mail.received()).map((m) => [m.to[0]?.address, m.subject, m.text?.trim()]))
      .toEqual([['someone@example.com', 'Hello', 'Plain words']]);
    // The web inbox a browser opens (maildev serves its page to requests that accept HTML).
    const page = await fetch(mail.url, { headers: { accept: 'text/html' } });
    expect((await page.text()).toLowerCase()).toContain('<html');
    // Kept under the data dir: a catcher started again on it still has the mail.
    await mail.stop();
    started.splice(0);
    const again = await catcher({ dir });
    await expect.poll(async () => (await again.received()).length).toBe(1);
  });

  it('takes free ports when the fixed ones are taken', async () => {
    const busy = await takenPort();
    try {
      const mail = await catcher({
        dir: mkdtempSync(join(tmpdir(), 'firefly-mail-')),
        smtpPort: busy.port,
        webPort: busy.port,
      });
      expect(mail.smtpUrl).not.toContain(`:${busy.port}`);
      expect((await fetch(`${mail.url}/api/email`)).status).toBe(200);
    } finally {
      busy.close();
    }
  });

  it('refuses to send without a sender address rather than sending from nobody', async () => {
    await expect(sendEmail({ to: 'a@example.com', subject: 's', text: 't' })).rejects.toThrow(/EMAIL_FROM/);
  });
});
