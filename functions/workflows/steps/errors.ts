/**
 * The errors the step runner throws: each one's `name` is the ASL error a state's Retry and Catch
 * match (docs/workflows.md). Step Functions reads a Lambda's error type from the thrown error's name.
 */
export class StepError extends Error {
  constructor(
    override readonly name: `Firefly.${string}`,
    message: string,
  ) {
    super(message);
  }
}

/** The platform refused the command on a business rule (a 4xx of its route): not retried. */
export const commandRefused = (code: string, detail: string) =>
  new StepError('Firefly.CommandRefused', `${code}: ${detail}`);
/** A looked-up record does not exist: not retried. */
export const notFound = (what: string) => new StepError('Firefly.NotFound', `${what} does not exist`);
/** The workflow's published permissions do not cover the operation: not retried. */
export const forbidden = (detail: string) => new StepError('Firefly.Forbidden', detail);
/** Worth retrying: a webhook's 5xx or 429, throttling, no answer. */
export const transient = (detail: string) => new StepError('Firefly.Transient', detail);
/** A test run made this step fail on purpose, to run its error path: not retried. */
export const testFailure = (stepId: string) =>
  new StepError('Firefly.TestFailure', `Step ${stepId} failed on purpose (a test run of the draft)`);
/** The step cannot run as configured (an unknown operation or endpoint): not worth retrying. */
export const misconfigured = (detail: string) => new StepError('Firefly.Misconfigured', detail);
