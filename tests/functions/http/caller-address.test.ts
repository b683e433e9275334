import { describe, expect, it } from 'vitest';
import {
  callerAddress,
  ORIGIN_VERIFY_HEADER,
  VIEWER_ADDRESS_HEADER,
  viewerIpOf,
} from '../../../functions/http/caller-address.ts';

const SECRET = 'origin-secret-0123456789abcdefghijklmnop';
/** CloudFront's own address as API Gateway sees it: what `sourceIp` holds behind CloudFront. */
const EDGE = '130.176.1.10';

const eventWith = (headers: Record<string, string>, sourceIp = EDGE) => ({
  headers,
  requestContext: { http: { sourceIp } },
});

describe('viewerIpOf (CloudFront-Viewer-Address)', () => {
  it('reads IPv4 as address:port', () => {
    expect(viewerIpOf('198.51.100.10:46532')).toBe('198.51.100.10');
  });

  it('reads IPv6 with the port after the last colon, as CloudFront sends it', () => {
    expect(viewerIpOf('2406:2d40:728d:fa10::c4a:42838')).toBe('2406:2d40:728d:fa10::c4a');
    expect(viewerIpOf('2001:db8:85a3::8a2e:370:7334:443')).toBe('2001:db8:85a3::8a2e:370:7334');
    expect(viewerIpOf('2001:db8:0:0:0:0:0:1:443')).toBe('2001:db8:0:0:0:0:0:1');
  });

  it('reads bracketed IPv6 as [address]:port', () => {
    expect(viewerIpOf('[2001:db8::1]:46532')).toBe('2001:db8::1');
  });

  it('refuses anything that is not an address and a port', () => {
    for (const value of [
      undefined,
      '',
      '198.51.100.10',
      '198.51.100.10:',
      ':46532',
      'not-an-address:80',
      '198.51.100.300:80',
      '198.51.100.10:port',
      '[2001:db8::1]',
      '[not-v6]:80',
      '198.51.100.10:123456',
    ]) {
      expect(viewerIpOf(value), String(value)).toBeUndefined();
    }
  });
});

describe('callerAddress', () => {
  it('believes the viewer address when the request carries the origin secret', () => {
    const event = eventWith({
      [ORIGIN_VERIFY_HEADER]: SECRET,
      [VIEWER_ADDRESS_HEADER]: '203.0.113.9:51000',
    });
    expect(callerAddress(event, SECRET)).toBe('203.0.113.9');
  });

  it('believes an IPv6 viewer address with the secret', () => {
    const event = eventWith({
      [ORIGIN_VERIFY_HEADER]: SECRET,
      [VIEWER_ADDRESS_HEADER]: '2001:db8::7:443',
    });
    expect(callerAddress(event, SECRET)).toBe('2001:db8::7');
  });

  it('ignores a forged viewer address sent straight to the API without the secret', () => {
    const event = eventWith({ [VIEWER_ADDRESS_HEADER]: '203.0.113.9:51000' }, '192.0.2.44');
    expect(callerAddress(event, SECRET)).toBe('192.0.2.44');
  });

  it('ignores a viewer address with a wrong or partial secret', () => {
    for (const presented of ['wrong', SECRET.slice(0, -1), `${SECRET}x`, '']) {
      const event = eventWith(
        { [ORIGIN_VERIFY_HEADER]: presented, [VIEWER_ADDRESS_HEADER]: '203.0.113.9:51000' },
        '192.0.2.44',
      );
      expect(callerAddress(event, SECRET), presented).toBe('192.0.2.44');
    }
  });

  it('trusts nothing when no secret is configured, whatever the request says', () => {
    const event = eventWith(
      { [ORIGIN_VERIFY_HEADER]: '', [VIEWER_ADDRESS_HEADER]: '203.0.113.9:51000' },
      '192.0.2.44',
    );
    expect(callerAddress(event, undefined)).toBe('192.0.2.44');
    expect(callerAddress(event, '')).toBe('192.0.2.44');
  });

  it('never reads X-Forwarded-For', () => {
    const event = eventWith({ [ORIGIN_VERIFY_HEADER]: SECRET, 'x-forwarded-for': '203.0.113.9' });
    expect(callerAddress(event, SECRET)).toBe(EDGE);
  });

  it('falls back to the peer when CloudFront proved itself but sent no readable viewer address', () => {
    const event = eventWith({ [ORIGIN_VERIFY_HEADER]: SECRET, [VIEWER_ADDRESS_HEADER]: 'garbage' });
    expect(callerAddress(event, SECRET)).toBe(EDGE);
  });
});
