import fc from 'fast-check';

/**
 * Request generators for the API fuzz test (tests/functions/api/fuzz.test.ts), built from the OpenAPI
 * description alone: for each operation, arbitraries of path parameters, query strings, headers and
 * bodies that are mostly valid (so requests reach the handlers) and often hostile (wrong types, missing
 * and extra fields, odd and huge strings, broken percent-encodings, bad headers, malformed JSON).
 */
// biome-ignore lint/suspicious/noExplicitAny: JSON Schema documents are untyped here.
export type Schema = Record<string, any>;

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Operation {
  operationId: string;
  'x-permission'?: string;
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface FuzzRequest {
  /** Who sends it: a role's token, no token, or a token that is not one. */
  caller: string;
  method: string;
  /** The path and query exactly as sent (percent-encoding included). */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Strings that have broken parsers before: prototype names, NUL, unicode, numbers in disguise, paths. */
export const ODD_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uFEFF',
  '\u202Eevil',
  '😀🏠',
  'Zoë Ångström',
  '𝕏'.repeat(200),
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '0000-00-00',
  '../../etc/passwd',
  '%ZZ',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '=HYPERLINK("http://x")',
  '{"a":1}',
  'a'.repeat(5000),
];

const HUGE = 'x'.repeat(300 * 1024);

const WRONG_TYPES: unknown[] = [null, 0, -1, 1.5, 1e308, -1e308, true, false, [], {}, [null], 'x', ''];

export const oddString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 3, arbitrary: oddString },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
);

/** Keys an object should never accept, or that name Object.prototype's members. */
const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'extra', 'id', 'version', ''];

/** A JSON-safe object that may hold a `__proto__` key as an own property. */
const bare = (): Record<string, unknown> => Object.create(null) as Record<string, unknown>;

const email = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]{1,12}$/),
    fc.constantFrom('example.com', 'firefly.example', 'xn--bcher-kva.example'),
  )
  .map(([local, domain]) => `${local}@${domain}`);

const day = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Nesting a generated value may reach; beyond RECURSION_DEPTH unions stop choosing recursive variants. */
const MAX_DEPTH = 14;
const RECURSION_DEPTH = 6;

export class SchemaArbitraries {
  /**
   * `ids`: ids of records that exist, used for record-id fields so that references resolve.
   * `guessFormats`: treat fields named like emails as emails even where the description does not say
   * so; off, values follow the description alone, as a client generated from it would send them.
   */
  constructor(
    private readonly components: Record<string, Schema>,
    private readonly ids: readonly string[] = [],
    private readonly options: { guessFormats?: boolean } = {},
  ) {}

  resolve(schema: Schema): Schema {
    let current = schema;
    for (let i = 0; current?.$ref && i < 10; i++) {
      const name = String(current.$ref).replace('#/components/schemas/', '');
      current = {
        ...this.components[name],
        ...Object.fromEntries(Object.entries(current).filter(([k]) => k !== '$ref')),
      };
    }
    return current ?? {};
  }

  /**
   * Values of a schema. With `hostile` > 0 every node is replaced, with that weight against 10, by a
   * value of the wrong type or an odd string, and objects lose required fields and gain unknown ones.
   */
  value(input: Schema, hostile: number, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const excluded = (schema.not as Schema | undefined)?.const;
    const valid =
      excluded === undefined
        ? this.valid(schema, hostile, depth)
        : this.valid(schema, hostile, depth).filter((v) => v !== excluded);
    if (hostile <= 0) return valid;
    return fc.oneof({ weight: 10, arbitrary: valid }, { weight: hostile, arbitrary: hostileValue });
  }

  private valid(schema: Schema, hostile: number, depth: number): fc.Arbitrary<unknown> {
    if (depth > MAX_DEPTH) return fc.constant(null);
    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    // Deep down, a recursive schema (a workflow's and/or/not conditions) takes its first variant, the
    // one that does not recurse, so it ends in valid values rather than in nulls.
    if (variants?.length)
      return depth > RECURSION_DEPTH
        ? this.value(variants[0]!, hostile, depth + 1)
        : fc.oneof(...variants.map((v) => this.value(v, hostile, depth + 1)));
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [schema.type] : [];
    if (types.length > 1)
      return fc.oneof(...types.map((type) => this.valid({ ...schema, type }, hostile, depth)));
    switch (types[0]) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
      case 'number': {
        const min =
          schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
        const max =
          schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e9);
        // A fractional range (a percentile's 0.01 to 0.99) holds no integer: draw numbers from it.
        if (types[0] === 'number' && !(Number.isInteger(min) && Number.isInteger(max)))
          return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
        const lo = Math.ceil(Math.max(min, Number.MIN_SAFE_INTEGER));
        const hi = Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER));
        const ints = fc.integer({ min: lo, max: Math.max(lo, hi) });
        return fc.oneof(ints, fc.constantFrom(lo, Math.max(lo, hi)));
      }
      case 'string':
        return this.string(schema);
      case 'array': {
        const items = schema.items ? this.value(schema.items, hostile, depth + 1) : fc.anything();
        return fc.array(items, {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4),
        });
      }
      case 'object':
        return this.object(schema, hostile, depth);
      default:
        return schema.properties ? this.object(schema, hostile, depth) : fc.jsonValue({ maxDepth: 2 });
    }
  }

  private string(schema: Schema): fc.Arbitrary<string> {
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.min(schema.maxLength ?? 40, minLength + 40);
    if (schema.format === 'date-time')
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    if (schema.format === 'date') return day;
    if (schema.format === 'email') return email;
    // Calendar days: mostly real ones, sometimes only the shape (2026-02-30), which the API must refuse.
    if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$')
      return fc.oneof(
        { weight: 4, arbitrary: day },
        { weight: 1, arbitrary: fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      );
    if (schema.pattern === '^[A-Za-z0-9_-]{1,64}$' && this.ids.length)
      return fc.oneof(fc.constantFrom(...this.ids), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/));
    if (schema.pattern) {
      try {
        return fc
          .stringMatching(new RegExp(schema.pattern))
          .filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY));
      } catch {
        // A pattern fast-check cannot generate from: fall back to plain strings.
      }
    }
    return fc.string({ minLength, maxLength });
  }

  private object(schema: Schema, hostile: number, depth: number): fc.Arbitrary<unknown> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set<string>(schema.required ?? []);
    const fields = Object.entries(properties).map(([name, property]) => {
      // The description does not say which strings are email addresses; the names do.
      const described =
        (this.options.guessFormats ?? true) && /email/i.test(name) && this.resolve(property).type === 'string'
          ? { ...property, format: 'email' }
          : property;
      const value = this.value(described, hostile, depth + 1);
      // Optional fields come and go; with hostility, required ones are sometimes missing too.
      const present = required.has(name)
        ? hostile > 0
          ? fc
              .boolean()
              .chain((drop) => (drop ? fc.constantFrom(true, true, true, false) : fc.constant(true)))
          : fc.constant(true)
        : fc.boolean();
      return fc.tuple(fc.constant(name), present, value);
    });
    const extras =
      hostile > 0
        ? fc.array(
            fc.tuple(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 10 })), hostileValue),
            {
              maxLength: 2,
            },
          )
        : fc.constant([] as [string, unknown][]);
    const withExtras =
      hostile > 0
        ? fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extras })
        : extras;
    return fc.tuple(fc.tuple(...fields), withExtras).map(([entries, more]) => {
      const out = bare();
      for (const [name, present, value] of entries) if (present && value !== undefined) out[name] = value;
      for (const [name, value] of more) out[name] = value;
      return out;
    });
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Every operation, with the methods its path does not describe (sent now and then, to get 405s). */
export const operationsOf = (document: OpenApiDocument) =>
  Object.entries(document.paths).flatMap(([path, methods]) => {
    const described = Object.keys(methods).map((m) => m.toUpperCase());
    const undescribed = METHODS.filter((m) => !described.includes(m));
    return Object.entries(methods).map(([method, operation]) => ({
      path,
      method: method.toUpperCase(),
      operation,
      undescribed,
    }));
  });

/** Printable ASCII, what a header value may hold (fetch refuses control characters). */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength });

const PATH_GARBAGE = ['%ZZ', '%', '%E0%A4%A', '%C0%AF', '%00', '%FF', 'abc%2', '%2e%2e', '%u0041', '..', '.'];

/**
 * Cursors are opaque to clients but only base64url JSON underneath: forged ones that decode to JSON of
 * the wrong shape, as a client poking at them would send.
 */
const forgedCursor = (path: string) => {
  // List cursors name their view; the collection's name is a good guess at it.
  const view =
    path
      .split('/')
      .filter((s) => s && !s.startsWith('{'))
      .at(-1) ?? 'x';
  return fc
    .oneof(
      {
        weight: 2,
        arbitrary: fc.constantFrom<unknown>(
          { view, id: '' },
          { view, id: 1 },
          { view, id: 'x'.repeat(1100) },
          { view, id: '\u0000' },
          { view, id: 'x', extra: 1 },
        ),
      },
      {
        weight: 3,
        arbitrary: fc.constantFrom<unknown>(
          null,
          1,
          'x',
          [],
          {},
          { key: 'x' },
          { key: 1 },
          { key: [] },
          { key: {} },
          { key: { pk: 'x' } },
          { key: { pk: 1, sk: {} } },
          { key: { pk: 'CHAIN', sk: 'S#000000000001', x: 'y' } },
          { day: 7 },
          { day: '2026-13-45' },
          { day: 'constructor', key: { toString: 1 } },
          { view: 'customers', id: 1 },
          { view: 'customers', id: '' },
          { view: 'orders', id: 'x'.repeat(3000) },
          JSON.parse('{"__proto__":{"polluted":true}}'),
        ),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    )
    .map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url'));
};

/** Callers without a valid token: none at all, or a forged one. */
export const UNAUTHENTICATED = new Set(['none', 'forged']);

export interface FuzzInputs {
  /** Tokens by caller name (roles, plus a forged one); `none` sends no Authorization header. */
  callers: string[];
  /** Ids of records that exist, so some requests reach the handlers' happy paths. */
  ids: string[];
}

/** The arbitrary of whole requests to one operation. */
export const requestsFor = (
  arbs: SchemaArbitraries,
  { path, method, operation, undescribed }: ReturnType<typeof operationsOf>[number],
  inputs: FuzzInputs,
): fc.Arbitrary<FuzzRequest> => {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const ifMatch = parameters.some((p) => p.in === 'header' && p.name === 'If-Match');
  const bodySchema = operation.requestBody?.content['application/json']?.schema;

  const segment = (schema: Schema) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...inputs.ids) },
      { weight: 2, arbitrary: arbs.value(schema, 0).map((v) => encodeURIComponent(String(v))) },
      { weight: 3, arbitrary: oddString.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '?'))) },
      { weight: 2, arbitrary: fc.constantFrom(...PATH_GARBAGE) },
    );
  const pathArb = fc
    .tuple(...pathParams.map((p) => fc.tuple(fc.constant(p.name), segment(p.schema ?? {}))))
    .map((values) => {
      let out = path;
      for (const [name, value] of values) out = out.replace(`{${name}}`, value || '%20');
      return out;
    });

  const queryArb = fc
    .tuple(
      fc.tuple(
        ...queryParams.map((p) =>
          fc.tuple(
            fc.constant(p.name),
            // Few parameters at a time, so that one hostile value is not hidden behind another.
            fc.oneof(
              { weight: 2, arbitrary: fc.constant(false) },
              { weight: 1, arbitrary: fc.constant(true) },
            ),
            p.name === 'cursor'
              ? fc.oneof(
                  { weight: 1, arbitrary: arbs.value(p.schema ?? {}, 3) },
                  { weight: 3, arbitrary: forgedCursor(path) },
                )
              : arbs.value(p.schema ?? {}, 3),
          ),
        ),
      ),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('') },
        {
          weight: 1,
          arbitrary: fc.constantFrom('&unknown=1', '&limit=%ZZ', '&%ZZ=1', '&limit=1&limit=2', '&=&&'),
        },
      ),
    )
    .map(([entries, raw]) => {
      const parts: string[] = [];
      for (const [name, present, value] of entries) {
        if (!present || value === undefined) continue;
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        parts.push(
          `${encodeURIComponent(name)}=${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '?'))}`,
        );
      }
      const query = parts.join('&') + raw;
      return query ? `?${query.replace(/^&/, '')}` : '';
    });

  const versionHeader = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('"1"', '"2"', '1', 'W/"1"') },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.constantFrom(
          '',
          '*',
          '""',
          '"-1"',
          '"0"',
          '"1.5"',
          '"99999999999999999999999"',
          '"1e3"',
          'W/',
          '"1", "2"',
        ),
        headerText(20),
      ),
    },
  );
  const headersArb = fc
    .record(
      {
        ifMatch: ifMatch
          ? fc.oneof(
              { weight: 6, arbitrary: versionHeader },
              { weight: 1, arbitrary: fc.constant(undefined) },
            )
          : fc.oneof(
              { weight: 6, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: versionHeader },
            ),
        idempotencyKey:
          method === 'POST'
            ? fc.oneof(
                { weight: 4, arbitrary: fc.constant(undefined) },
                { weight: 2, arbitrary: fc.uuid() },
                {
                  weight: 2,
                  arbitrary: fc.constantFrom(
                    'k'.repeat(128),
                    'k'.repeat(129),
                    'k'.repeat(1000),
                    ' ',
                    'a b\tc',
                  ),
                },
              )
            : fc.constant(undefined),
        contentType: fc.oneof(
          { weight: 8, arbitrary: fc.constant('application/json') },
          {
            weight: 3,
            arbitrary: fc.constantFrom(
              undefined,
              'application/json; charset=utf-8',
              'application/problem+json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/octet-stream',
              'application/jsonx',
              'json',
              '',
            ),
          },
        ),
        extra: fc.oneof(
          { weight: 8, arbitrary: fc.constant({} as Record<string, string>) },
          {
            weight: 1,
            arbitrary: fc.constantFrom<Record<string, string>>(
              { 'x-correlation-id': 'c'.repeat(4000) },
              { 'x-correlation-id': '' },
              { 'x-forwarded-for': 'not-an-address' },
              { accept: 'text/html' },
              { 'content-length-extra': '1' },
              { 'x-oversized': 'h'.repeat(20 * 1024) },
            ),
          },
        ),
      },
      { requiredKeys: ['ifMatch', 'idempotencyKey', 'contentType', 'extra'] },
    )
    .map(({ ifMatch: version, idempotencyKey, contentType, extra }) => {
      const headers: Record<string, string> = { ...extra };
      if (version !== undefined) headers['if-match'] = version;
      if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
      if (contentType !== undefined) headers['content-type'] = contentType;
      return headers;
    });

  const malformedBodies = fc.constantFrom(
    '',
    '{',
    '{"a":',
    'null',
    '[]',
    '"text"',
    '123',
    'true',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '\u0000',
    '\uFEFF{}',
    '{}garbage',
    '[{}]',
    HUGE,
    `{"name":"${HUGE}"}`,
  );
  const bodyArb: fc.Arbitrary<string | undefined> =
    method === 'GET'
      ? fc.constant(undefined)
      : bodySchema
        ? fc.oneof(
            { weight: 5, arbitrary: arbs.value(bodySchema, 0).map((v) => JSON.stringify(v)) },
            { weight: 6, arbitrary: arbs.value(bodySchema, 2).map((v) => JSON.stringify(v)) },
            { weight: 2, arbitrary: malformedBodies },
            { weight: 1, arbitrary: fc.constant(undefined) },
          )
        : fc.oneof(
            { weight: 4, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: fc.constantFrom('{}', '{"extra":1}', '{') },
          );

  return fc
    .record({
      // Mostly signed-in roles, so that requests get past the authorizer to the handlers.
      caller: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...inputs.callers.filter((c) => !UNAUTHENTICATED.has(c))) },
        { weight: 1, arbitrary: fc.constantFrom(...inputs.callers.filter((c) => UNAUTHENTICATED.has(c))) },
      ),
      path: pathArb,
      query: queryArb,
      headers: headersArb,
      body: bodyArb,
      otherMethod: fc.oneof(
        { weight: 15, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(undefined, ...undescribed) },
      ),
    })
    .map(({ caller, path: p, query, headers, body: generated, otherMethod }) => {
      const sent = { ...headers };
      const body = otherMethod === 'GET' ? undefined : generated;
      // A GET or a body-less command sends no content type unless the generator chose one on purpose.
      if (body === undefined && sent['content-type'] === 'application/json') delete sent['content-type'];
      return {
        caller,
        method: otherMethod ?? method,
        path: p + query,
        headers: sent,
        ...(body === undefined ? {} : { body }),
      };
    });
};

/** The request as a copy-pasteable description (the token named, not printed; huge bodies cut). */
export const describeRequest = (req: FuzzRequest) => {
  const cut = (text: string) =>
    text.length > 2000 ? `${text.slice(0, 2000)}… (${text.length} characters in all)` : text;
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, cut(v)]));
  return JSON.stringify(
    {
      caller: req.caller,
      method: req.method,
      path: req.path,
      headers,
      ...(req.body === undefined ? {} : { body: cut(req.body) }),
    },
    null,
    2,
  );
};
