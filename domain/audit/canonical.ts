/**
 * Canonical JSON, the byte form every audit entry and digest is hashed in. It follows RFC 8785 (JSON
 * Canonicalization Scheme) for the values audit entries hold:
 * - objects: members sorted by key in UTF-16 code-unit order (JavaScript's default sort), no whitespace;
 *   members whose value is `undefined` are left out, as JSON.stringify does;
 * - arrays: in order, `undefined` written as `null`;
 * - strings: JSON.stringify's escaping (the ECMAScript serialization RFC 8785 adopts);
 * - numbers: the ECMAScript shortest round-trip form (so 1.0 is `1`, -0 is `0`); NaN and ±Infinity are
 *   refused, since JSON has no form for them;
 * - `toJSON` is honoured (a Date becomes its ISO string); functions, symbols and bigints are refused.
 * Two values that are equal as JSON data always give the same string, whatever their key order.
 */
export class CanonicalJsonError extends TypeError {
  override name = 'CanonicalJsonError';
}

const write = (value: unknown, path: string): string | undefined => {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalJsonError(`${path} is ${value}, which JSON cannot hold`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'undefined':
      return undefined;
    case 'object': {
      const withJson = value as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === 'function') return write(withJson.toJSON(), path);
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => write(item, `${path}[${i}]`) ?? 'null').join(',')}]`;
      }
      const members: string[] = [];
      for (const key of Object.keys(value).sort()) {
        const written = write((value as Record<string, unknown>)[key], `${path}.${key}`);
        if (written !== undefined) members.push(`${JSON.stringify(key)}:${written}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(`${path} is a ${typeof value}, which JSON cannot hold`);
  }
};

export const canonicalJson = (value: unknown): string => {
  const written = write(value, '$');
  if (written === undefined) throw new CanonicalJsonError('undefined has no JSON form');
  return written;
};

/** True when `text` is exactly the canonical form of the JSON it holds. */
export const isCanonical = (text: string): boolean => {
  try {
    return canonicalJson(JSON.parse(text)) === text;
  } catch {
    return false;
  }
};
