import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface EmailProps {
  /** The sender address of the platform's email (`-c emailFrom=...`). */
  from: string;
}

/**
 * The platform's sender: an SES identity for the configured address (SES emails it a link to verify it
 * once deployed; until then, and while the account is in the SES sandbox, SES refuses to send). The
 * functions construct grants `ses:SendEmail` on this identity alone to the functions that send email.
 */
export class Email extends Construct {
  readonly from: string;
  readonly identity: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.from = props.from;
    this.identity = new ses.EmailIdentity(this, 'Sender', { identity: ses.Identity.email(props.from) });
  }
}
