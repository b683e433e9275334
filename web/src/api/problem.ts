import type { components } from './schema.gen';

/**
 * RFC 9457 problem details as the API sends them (`application/problem+json`): the description's
 * `Problem`, with its field errors' `path` and `message` always present (the description's hand-written
 * `Problem` schema in functions/api/system/openapi.ts leaves them optional) and the extensions some
 * problems carry.
 */
export type Problem = Omit<components['schemas']['Problem'], 'errors'> & {
  errors?: { path: string; message: string }[];
  /** Present on 409 version conflicts. */
  currentVersion?: number;
  [extension: string]: unknown;
};

/** A failed API call. `code` is the last segment of the problem `type`, stable per kind of problem. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;

  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.code = problem.type.split('/').pop() ?? 'unknown';
  }

  get status(): number {
    return this.problem.status;
  }

  get isVersionConflict(): boolean {
    return this.status === 409 && this.code === 'version-conflict';
  }

  /**
   * Field errors keyed by form path: `body.options.0.code` becomes `options.0.code`, which is how
   * @mantine/form names nested fields. Errors about the query or path keep their prefix.
   */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { path, message } of this.problem.errors ?? []) {
      const key = path.startsWith('body.') ? path.slice('body.'.length) : path;
      out[key] ??= message;
    }
    return out;
  }
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Problem).title === 'string' &&
  typeof (value as Problem).status === 'number';

/** Turns any failed response into an ApiError, even when a proxy answered with HTML or nothing. */
export const problemFrom = async (response: Response): Promise<ApiError> => {
  const text = await response.text().catch(() => '');
  try {
    const body: unknown = text ? JSON.parse(text) : undefined;
    if (isProblem(body)) {
      return new ApiError({ ...body, type: typeof body.type === 'string' ? body.type : 'about:blank' });
    }
  } catch {
    // Not JSON: fall through to a generic problem built from the status.
  }
  return new ApiError({
    type: 'about:blank',
    title: response.statusText || `Request failed (${response.status})`,
    status: response.status,
    detail: response.status >= 500 ? 'The server could not complete the request. Try again.' : undefined,
  });
};

export const networkProblem = (cause: unknown): ApiError =>
  new ApiError({
    type: 'https://firefly.example/problems/network',
    title: 'Cannot reach the server',
    status: 0,
    detail: cause instanceof Error ? `${cause.message}. Check your connection and try again.` : undefined,
  });
