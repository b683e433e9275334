import type { Step } from '../../../events/contexts/workflows.ts';
import { listUsers } from '../../api/users/directory.ts';
import { sendEmail } from '../../notifications/email.ts';
import { misconfigured } from './errors.ts';
import { fill, type RunData, resolve } from './values.ts';

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Who an email step writes to: the enabled members of a role, or one address from the run's data. */
const recipientsOf = async (to: Extract<Step, { kind: 'email' }>['to'], data: RunData): Promise<string[]> => {
  if ('role' in to)
    return (await listUsers()).filter((u) => u.enabled && u.role === to.role && u.email).map((u) => u.email);
  const address = resolve(to.address, data);
  if (typeof address !== 'string' || !ADDRESS.test(address.trim()))
    throw misconfigured(
      `The email step's address is not an email address: ${JSON.stringify(address ?? null)}`,
    );
  return [address.trim()];
};

/** Sends the step's email, subject and body filled from the run's data as plain text. */
export const runEmail = async (step: Extract<Step, { kind: 'email' }>, data: RunData) => {
  const to = await recipientsOf(step.to, data);
  if (to.length === 0) return { sent: 0 };
  const { messageId } = await sendEmail({
    to,
    subject: fill(step.subject, data).replace(/[\r\n]+/g, ' '),
    text: fill(step.body, data),
  });
  return { sent: to.length, messageId };
};
