import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../functions/http/caller-address.ts';
import { correlationIdOf } from '../../functions/http/correlation.ts';
import type { RouteContract } from '../../functions/http/route.ts';
import { invoke, type LocalFunction } from './lambda.ts';

/**
 * The local HTTP API: what API Gateway's HTTP API and its Lambda authorizer do in AWS. It matches the
 * manifest's routes, asks the manifest's authorizer function who the caller is (except on public
 * routes), turns the request into an API Gateway v2 event, invokes the route's function and writes its
 * result. Like API Gateway it keeps the authorizer's answer per Authorization header for the manifest's
 * cache time (a revoked key is refused within it); tests that need a refusal at once set it to 0.
 * Everything else is the console: static files from web/dist with the index page as the fallback, and
 * /config.json.
 *
 * It also stands in for CloudFront in front of the API, so the caller's address takes the path it takes
 * in AWS (functions/http/caller-address.ts): the viewer's address goes in `CloudFront-Viewer-Address`,
 * the origin secret in `X-Firefly-Origin-Verify` (both overwriting whatever the client sent), and
 * `sourceIp` is the TCP peer, as API Gateway reports CloudFront's edge.
 */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export interface GatewayRoute {
  route: RouteContract;
  fn: LocalFunction;
}

export interface GatewayOptions {
  port: number;
  routes: GatewayRoute[];
  webRoot: string;
  config: Record<string, unknown>;
  /** The authorizer function (a REQUEST authorizer with simple responses), as in AWS. */
  authorizer?: LocalFunction;
  /** How long an answer of the authorizer is kept per Authorization header (0: asked every time). */
  authorizerCacheMs?: number;
  /** Take the viewer's address from X-Forwarded-For (tests use it to simulate many clients). */
  trustForwardedFor?: boolean;
  /** What CloudFront adds as X-Firefly-Origin-Verify; the functions get the same in their environment. */
  originVerifySecret?: string;
  afterApiRequest?: () => void;
  /** Each answered request of a route (the local cloud's telemetry): as API Gateway's metrics and access log. */
  onRequest?: (request: {
    route: string;
    status: number;
    latencyMs: number;
    correlationId: string;
    requestId: string;
  }) => void;
}

interface CompiledRoute extends GatewayRoute {
  pattern: RegExp;
  params: string[];
  literalSegments: number;
}

const compile = (entry: GatewayRoute): CompiledRoute => {
  const params: string[] = [];
  const source = entry.route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  const literalSegments = entry.route.path.split('/').filter((s) => s && !s.startsWith('{')).length;
  return { ...entry, pattern: new RegExp(`^${source}$`), params, literalSegments };
};

const problem = (
  res: ServerResponse,
  status: number,
  code: string,
  title: string,
  detail: string,
  headers = {},
) => {
  res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
  res.end(JSON.stringify({ type: `https://firefly.example/problems/${code}`, title, status, detail }));
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const readBody = async (req: IncomingMessage): Promise<Buffer | 'too-large'> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

/** `decodeURIComponent` that answers undefined for malformed percent-encoding (`%ZZ`) instead of throwing. */
const decodeSafely = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

const malformedPath = (res: ServerResponse) =>
  problem(
    res,
    400,
    'malformed-path',
    'Malformed path',
    'The path has malformed percent-encoding (such as %ZZ)',
  );

const isText = (type: string | undefined) =>
  !type || /json|text|xml|x-www-form-urlencoded|javascript/i.test(type);

export const startGateway = async (
  options: GatewayOptions,
): Promise<{ url: string; server: Server; stop: () => Promise<void> }> => {
  const routes = options.routes.map(compile).sort((a, b) => b.literalSegments - a.literalSegments);
  const webRoot = resolve(options.webRoot);

  type Answer = { isAuthorized: boolean; context?: Record<string, unknown> };
  const answers = new Map<string, { answer: Answer; until: number }>();
  const cacheMs = options.authorizerCacheMs ?? 0;

  /** The authorizer's answer, kept per identity source as API Gateway keeps it. */
  const authorize = async (routeKey: string, headers: Record<string, string>): Promise<Answer> => {
    const key = headers.authorization ?? '';
    const now = Date.now();
    const kept = answers.get(key);
    if (kept && kept.until > now) return kept.answer;
    const answer = await askAuthorizer(routeKey, headers);
    if (cacheMs > 0) {
      // Forged or one-off tokens must not grow the cache without bound: drop what has expired first.
      if (answers.size >= 10_000) for (const [k, v] of answers) if (v.until <= now) answers.delete(k);
      if (answers.size < 10_000) answers.set(key, { answer, until: now + cacheMs });
    }
    return answer;
  };

  /** The authorizer's answer, as API Gateway asks for it: a REQUEST event with the identity source. */
  const askAuthorizer = async (routeKey: string, headers: Record<string, string>): Promise<Answer> => {
    if (!options.authorizer) return { isAuthorized: false };
    const result = (await invoke(options.authorizer, {
      version: '2.0',
      type: 'REQUEST',
      routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${routeKey.replace(' ', '')}`,
      identitySource: [headers.authorization],
      routeKey,
      headers,
    })) as { isAuthorized?: boolean; context?: Record<string, unknown> };
    return { isAuthorized: result?.isAuthorized === true, context: result?.context };
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const candidates = routes.filter((r) => r.pattern.test(url.pathname));
    const match = candidates.find((r) => r.route.method === method);
    if (!match) {
      if (candidates.length > 0) {
        const allow = candidates.map((r) => r.route.method).join(', ');
        return problem(res, 405, 'method-not-allowed', 'Method not allowed', `Use ${allow}`, { allow });
      }
      return problem(res, 404, 'not-found', 'Not found', `No API route ${method} ${url.pathname}`);
    }
    const requestId = randomUUID();
    if (options.onRequest) {
      const record = options.onRequest;
      const route = `${match.route.method} ${match.route.path}`;
      // The same correlation id the API's handlers log (functions/http/adapter.ts).
      const header = req.headers['x-correlation-id'];
      const correlationId = correlationIdOf(Array.isArray(header) ? header.join(',') : header, requestId);
      res.once('finish', () =>
        record({
          route,
          status: res.statusCode,
          latencyMs: performance.now() - started,
          correlationId,
          requestId,
        }),
      );
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      return problem(res, 413, 'body-too-large', 'Request body too large', 'The API accepts at most 10 MB');
    }
    const values = match.pattern.exec(url.pathname)!.slice(1).map(decodeSafely);
    if (values.some((value) => value === undefined)) return malformedPath(res);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
    const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const forwarded = options.trustForwardedFor
      ? headers['x-forwarded-for']?.split(',')[0]?.trim()
      : undefined;
    // As CloudFront writes it: address and port joined by a colon, IPv6 unbracketed.
    headers[VIEWER_ADDRESS_HEADER] = `${forwarded || sourceIp}:${req.socket.remotePort ?? 0}`;
    delete headers[ORIGIN_VERIFY_HEADER];
    if (options.originVerifySecret) headers[ORIGIN_VERIFY_HEADER] = options.originVerifySecret;
    const text = isText(headers['content-type']);
    const now = new Date();
    const routeKey = `${match.route.method} ${match.route.path}`;
    let caller: Record<string, unknown> | undefined;
    if (match.route.permission !== 'public') {
      // As API Gateway: without the identity source the authorizer is not asked and the answer is 401.
      if (!headers.authorization) {
        return problem(
          res,
          401,
          'unauthenticated',
          'Sign in required',
          'A valid bearer token or API key is required',
          { 'www-authenticate': 'Bearer' },
        );
      }
      const answer = await authorize(routeKey, headers);
      if (!answer.isAuthorized) return problem(res, 403, 'forbidden', 'Forbidden', 'The authorizer refused');
      caller = answer.context ?? {};
    }
    const event = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: match.params.length
        ? Object.fromEntries(match.params.map((name, i) => [name, values[i]!]))
        : undefined,
      body: body.length ? (text ? body.toString('utf8') : body.toString('base64')) : undefined,
      isBase64Encoded: body.length > 0 && !text,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp,
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
        ...(caller ? { authorizer: { lambda: caller } } : {}),
      },
    };
    let result: APIGatewayProxyStructuredResultV2;
    try {
      result = (await invoke(match.fn, event)) as APIGatewayProxyStructuredResultV2;
    } catch (error) {
      // In AWS a crashed or timed-out integration is a 500/503 from API Gateway; the handler never got to answer.
      console.error(`[gateway] ${routeKey} failed:`, error);
      return problem(
        res,
        500,
        'internal',
        'Something went wrong on our side',
        'The function failed; nothing was saved.',
      );
    } finally {
      options.afterApiRequest?.();
    }
    const responseBody = result.body ?? '';
    res.writeHead(result.statusCode ?? 200, {
      ...(result.headers as Record<string, string>),
      'x-request-id': event.requestContext.requestId,
    });
    res.end(result.isBase64Encoded ? Buffer.from(responseBody, 'base64') : responseBody);
  };

  // CloudFront compresses the console's text files (infra/aws/constructs/web.ts); so does this stand-in,
  // once per file version, so page-load figures measured locally mean what they would in AWS.
  const compressedCache = new Map<string, { encoding: string; body: Buffer }>();
  const compressed = (file: string, acceptEncoding: string) => {
    if (!/\.(js|css|html|json|svg|map|txt)$/.test(file)) return undefined;
    const encoding = /\bbr\b/.test(acceptEncoding)
      ? 'br'
      : /\bgzip\b/.test(acceptEncoding)
        ? 'gzip'
        : undefined;
    if (!encoding) return undefined;
    const key = `${encoding}:${file}:${statSync(file).mtimeMs}`;
    let entry = compressedCache.get(key);
    if (!entry) {
      const raw = readFileSync(file);
      const body =
        encoding === 'br'
          ? brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } })
          : gzipSync(raw, { level: 9 });
      entry = { encoding, body };
      compressedCache.set(key, entry);
    }
    return entry;
  };

  const staticFile = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    // Only reads reach the static files (as in CloudFront); a write to a path no route has (a webhook URL
    // whose dot segments normalised it away, say) is a problem, like every other refusal.
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return problem(res, 404, 'not-found', 'Not found', `No route ${req.method} ${url.pathname}`);
    if (url.pathname === '/config.json') {
      res.writeHead(200, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        ...SECURITY_HEADERS,
      });
      return res.end(JSON.stringify(options.config));
    }
    const pathname = decodeSafely(url.pathname);
    if (pathname === undefined) return malformedPath(res);
    const requested = normalize(join(webRoot, pathname));
    let file =
      requested.startsWith(webRoot) && existsSync(requested) && statSync(requested).isFile()
        ? requested
        : undefined;
    // Client-side routes (no file extension) get the app's index page, as CloudFront's error response does.
    if (!file && !extname(url.pathname)) file = join(webRoot, 'index.html');
    if (!file || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      return res.end(
        existsSync(webRoot) ? 'Not found' : 'The console is not built yet: run npm run build:web',
      );
    }
    const immutable = file.includes(`${join(webRoot, 'assets')}`);
    res.statusCode = 200;
    for (const [name, value] of Object.entries({
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...SECURITY_HEADERS,
    }))
      res.setHeader(name, value);
    if (req.method === 'HEAD') return res.end();
    const encoded = compressed(file, String(req.headers['accept-encoding'] ?? ''));
    if (encoded) {
      res.setHeader('content-encoding', encoded.encoding);
      res.setHeader('vary', 'accept-encoding');
      return res.end(encoded.body);
    }
    createReadStream(file).pipe(res);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handle =
      // The API, and the public webhook routes third parties deliver to (functions/webhooks).
      url.pathname.startsWith('/api/') || url.pathname === '/api' || url.pathname.startsWith('/webhooks/')
        ? api(req, res, url)
        : staticFile(req, res, url);
    Promise.resolve(handle).catch((error: unknown) => {
      console.error('[gateway] unexpected error', error);
      if (!res.headersSent) problem(res, 500, 'internal', 'Something went wrong on our side', 'Try again.');
      else res.end();
    });
  });
  // Requests Node's parser refuses before they reach a handler (headers over its 16 KB limit, broken
  // request lines) get a problem like every other refusal, not Node's bare status line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const [status, code, title, detail] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers-too-large', 'Request headers too large', 'The request headers exceed 16 KB']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'request-timeout', 'Request timeout', 'The request was not received in time']
          : [400, 'bad-request', 'Bad request', 'The request is not valid HTTP'];
    const body = JSON.stringify({ type: `https://firefly.example/problems/${code}`, title, status, detail });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    server,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
