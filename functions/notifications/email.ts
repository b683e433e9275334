import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Transporter } from 'nodemailer';
import { ses } from '../adapters/clients.ts';
import { config } from '../runtime/config.ts';
import { observability } from '../runtime/observability.ts';

const { logger } = observability('email');

export interface Email {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  /** Files sent with it (a scheduled report's results); SES takes at most 40 MB a message. */
  attachments?: { fileName: string; contentType: string; content: Uint8Array }[];
}

/** No sender address is configured: the deployment sends no email (see the README). */
export class EmailNotConfiguredError extends Error {
  override name = 'EmailNotConfiguredError';
}

let smtp: { url: string; transport: Transporter } | undefined;
/** nodemailer only where an SMTP server is named (the local mail catcher): in AWS it is never loaded. */
const smtpTransport = async (url: string) => {
  if (smtp?.url !== url) {
    const { createTransport } = await import('nodemailer');
    smtp = { url, transport: createTransport(url) };
  }
  return smtp.transport;
};

/**
 * The platform's one email sender: SES v2 in AWS, an SMTP server where `SMTP_URL` names one (the local
 * mail catcher). Returns the provider's message id. Logs how many recipients and the message id, never
 * the addresses' contents or the body, which may quote what a notification says.
 */
export const sendEmail = async (email: Email): Promise<{ messageId: string }> => {
  const { from, smtpUrl } = config.email;
  if (!from) throw new EmailNotConfiguredError('No sender address (EMAIL_FROM) is configured');
  const to = Array.isArray(email.to) ? email.to : [email.to];
  let messageId: string;
  if (smtpUrl) {
    const sent = await (await smtpTransport(smtpUrl)).sendMail({
      from,
      to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      attachments: email.attachments?.map((a) => ({
        filename: a.fileName,
        contentType: a.contentType,
        content: Buffer.from(a.content),
      })),
    });
    messageId = sent.messageId;
  } else {
    const sent = await ses().send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: to },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: email.text, Charset: 'UTF-8' },
              ...(email.html ? { Html: { Data: email.html, Charset: 'UTF-8' } } : {}),
            },
            ...(email.attachments?.length
              ? {
                  Attachments: email.attachments.map((a) => ({
                    FileName: a.fileName,
                    ContentType: a.contentType,
                    RawContent: a.content,
                  })),
                }
              : {}),
          },
        },
      }),
    );
    messageId = sent.MessageId ?? '';
  }
  logger.info('email sent', { recipients: to.length, messageId, via: smtpUrl ? 'smtp' : 'ses' });
  return { messageId };
};
