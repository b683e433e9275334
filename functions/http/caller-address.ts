import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { config } from '../runtime/config.ts';

/**
 * Who is calling, by address, for lockouts and event actors. Behind CloudFront the TCP peer API
 * Gateway sees (`sourceIp`) is a CloudFront edge, so the viewer's own address comes from the
 * `CloudFront-Viewer-Address` header CloudFront adds. Anyone can send that header straight to the API
 * Gateway URL, though, so it is believed only on requests carrying the origin secret CloudFront adds as
 * `X-Firefly-Origin-Verify` (infra/aws/constructs/web.ts); without it the caller reached the API
 * directly and `sourceIp` is already its own address. `X-Forwarded-For` is never read: any client can
 * write it.
 */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';
export const ORIGIN_VERIFY_HEADER = 'x-firefly-origin-verify';

/**
 * The IP of a `CloudFront-Viewer-Address` value, which is the address and the source port joined by a
 * colon: `198.51.100.10:46532`, and for IPv6 `2001:db8::1:46532` (the port after the last colon; a
 * bracketed `[2001:db8::1]:46532` is read too). Undefined for anything else.
 */
export const viewerIpOf = (value: string | undefined): string | undefined => {
  const text = value?.trim() ?? '';
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  const colon = text.lastIndexOf(':');
  const [ip, port] = bracketed
    ? [bracketed[1]!, bracketed[2]!]
    : colon > 0
      ? [text.slice(0, colon), text.slice(colon + 1)]
      : ['', ''];
  if (!/^\d{1,5}$/.test(port)) return undefined;
  return isIP(ip) ? ip : undefined;
};

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether the request carries the origin secret; compared in constant time so it cannot be guessed by timing. */
export const cameThroughCloudFront = (
  headers: Record<string, string | undefined> | undefined,
  secret: string | undefined,
): boolean => {
  const presented = headers?.[ORIGIN_VERIFY_HEADER];
  if (!secret || !presented) return false;
  return timingSafeEqual(digest(presented), digest(secret));
};

/** The caller's address: CloudFront's viewer address when the request proves it came through CloudFront, else the TCP peer. */
export const callerAddress = (
  event: {
    headers: Record<string, string | undefined>;
    requestContext: { http: { sourceIp: string } };
  },
  secret: string | undefined = config.originVerifySecret,
): string => {
  if (cameThroughCloudFront(event.headers, secret)) {
    const viewer = viewerIpOf(event.headers[VIEWER_ADDRESS_HEADER]);
    if (viewer) return viewer;
  }
  return event.requestContext.http.sourceIp;
};
