import { z } from 'zod';
import { defineEvent } from '../define.ts';

export const SignInSucceeded = defineEvent({
  type: 'SignInSucceeded',
  context: 'access',
  summary: 'A user signed in',
  schema: z.object({ email: z.string(), role: z.string() }),
});

export const SignInFailed = defineEvent({
  type: 'SignInFailed',
  context: 'access',
  summary: 'A sign-in attempt failed',
  schema: z.object({ email: z.string(), reason: z.string() }),
});
