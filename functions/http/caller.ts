import type { APIGatewayProxyEventV2WithLambdaAuthorizer } from 'aws-lambda';

/**
 * What the API's authorizer (functions/access/authorizer-handler.ts) tells the route functions about
 * the caller, in API Gateway's `requestContext.authorizer.lambda` (values must be strings, numbers or
 * booleans, so lists travel comma-joined). A refusal is passed on rather than denied, so the route's
 * function answers it as a problem with a clear detail: API Gateway's own denial is a bare 403.
 */
export type CallerContext =
  | { kind: 'user'; sub: string; email?: string; groups: string; iat?: number }
  | { kind: 'api-key'; keyId: string; permissions: string }
  /**
   * A workflow's command step (functions/workflows/steps/command.ts): never from the authorizer, only
   * in the events the step runner invokes a route's function with directly.
   */
  | { kind: 'workflow'; workflowId: string; permissions: string }
  | { kind: 'refused'; code: string; detail: string };

export type HttpEvent = APIGatewayProxyEventV2WithLambdaAuthorizer<CallerContext>;

export const callerOf = (event: HttpEvent): CallerContext | undefined => {
  const context = event.requestContext.authorizer?.lambda as CallerContext | undefined;
  return context && typeof context.kind === 'string' ? context : undefined;
};

export const splitList = (value: string | undefined): string[] =>
  (value ?? '')
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
