import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** RFC 9457 problem details. `type` is stable per kind of problem; clients switch on it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://firefly.example/problems/';

/** An error that becomes a problem response as it is; anything else becomes a logged 500. */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }

  toProblem(): Problem {
    return {
      type: `${PROBLEM_BASE}${this.code}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...this.extensions,
    };
  }
}

export const problemResponse = (
  problem: Problem,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: problem.status,
  headers: { 'content-type': 'application/problem+json', ...headers },
  body: JSON.stringify(problem),
});

export const badRequest = (detail: string, errors?: Problem['errors']) =>
  new HttpProblem(400, 'validation-error', 'The request is not valid', detail, errors ? { errors } : {});
export const notFound = (what: string) =>
  new HttpProblem(404, 'not-found', 'Not found', `${what} does not exist`);
export const versionConflict = (current: number) =>
  new HttpProblem(
    409,
    'version-conflict',
    'The record changed since you read it',
    `Your version is stale; the current version is ${current}. Reload and try again.`,
    { currentVersion: current },
    { etag: `"${current}"` },
  );
