import { type LookupAddress, lookup as lookupCallback } from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { BlockList, isIP } from 'node:net';
import { OutboundRefusedError } from '../errors.ts';
import { env } from '../runtime/env.ts';

/**
 * Where the platform may send requests on a person's say-so (a provider's base URL, later outbound
 * webhooks): never to private, loopback, link-local or metadata addresses, which would let a URL reach
 * inside the network (SSRF). The local sandboxes live on loopback, so the local cloud alone allows them.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6');

const isBlocked = (address: string): boolean => {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, 'ipv6');
};

/** Refuses a URL that is not http(s) or whose host resolves to an address inside the network. */
export const assertOutboundAllowed = async (url: string): Promise<URL> => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OutboundRefusedError(`${url} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new OutboundRefusedError('Only http and https URLs are called');
  if (parsed.username || parsed.password) throw new OutboundRefusedError('URLs may not carry credentials');
  if (process.env[env.ALLOW_PRIVATE_OUTBOUND] === 'true') return parsed;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  const inside = addresses.find(isBlocked);
  if (inside) throw new OutboundRefusedError(`${parsed.hostname} resolves to ${inside}, a private address`);
  return parsed;
};

/**
 * A `lookup` for node:http(s) requests that refuses, at connect time, an address inside the network:
 * the address checked is the address connected to, so a name re-pointed after `assertOutboundAllowed`
 * (DNS rebinding) is refused too.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookupCallback(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const inside =
      process.env[env.ALLOW_PRIVATE_OUTBOUND] === 'true'
        ? undefined
        : addresses.find((a) => isBlocked(a.address));
    if (inside)
      return callback(
        new OutboundRefusedError(`${hostname} resolves to ${inside.address}, a private address`),
        '',
        0,
      );
    if (options.all) return callback(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};
