import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboundRefusedError } from '../../../functions/errors.ts';
import { send } from '../../../functions/integrations/outbound/send.ts';
import { assertOutboundAllowed, guardedLookup } from '../../../functions/integrations/outbound-guard.ts';
import { env } from '../../../functions/runtime/env.ts';

describe('the outbound guard, where private outbound is not allowed (everywhere but the local cloud)', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env[env.ALLOW_PRIVATE_OUTBOUND];
    delete process.env[env.ALLOW_PRIVATE_OUTBOUND];
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[env.ALLOW_PRIVATE_OUTBOUND];
    else process.env[env.ALLOW_PRIVATE_OUTBOUND] = saved;
  });

  it('refuses the metadata address, loopback and private networks', async () => {
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://127.0.0.1:8080/',
      'http://10.1.2.3/',
      'http://[::1]/',
      'http://[::ffff:169.254.169.254]/',
    ])
      await expect(assertOutboundAllowed(url), url).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(assertOutboundAllowed('file:///etc/passwd')).rejects.toBeInstanceOf(OutboundRefusedError);
  });

  it('refuses at connect time a name that resolves inside the network (DNS rebinding after the check)', async () => {
    const looked = await new Promise<Error | null>((resolve) =>
      guardedLookup('localhost', {}, (error) => resolve(error)),
    );
    expect(looked).toBeInstanceOf(OutboundRefusedError);
    expect(looked?.message).toMatch(/private address/);
  });

  it('makes a refused attempt of a webhook to the metadata address, sending nothing', async () => {
    const result = await send(
      {
        url: 'http://169.254.169.254/',
        format: 'standard-webhooks',
        secrets: { current: `whsec_${Buffer.from('k'.repeat(32)).toString('base64')}` },
      },
      { id: 'msg_1', type: 'CustomerRegistered', timestamp: new Date().toISOString(), data: {} },
    );
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('private address') });
    expect(result.statusCode).toBeUndefined();
  });
});
