import { createHash } from 'node:crypto';
import { type Asl, compileWorkflow } from '../../domain/workflows/compile.ts';
import type { WorkflowDefinition } from '../../events/contexts/workflows.ts';

/** The compiler produced ASL Step Functions would refuse: a bug, never the person's input. */
export class InvalidAslError extends Error {
  override name = 'InvalidAslError';
}

/** Checks ASL as Step Functions' own validation would (asl-validator), ARNs and JSONPaths included. */
export const checkAsl = async (asl: Asl): Promise<void> => {
  // Only publishing needs the validator (with ajv and jsonata): loaded then, outside the start-up bundle.
  const { default: validator } = await import('asl-validator');
  // A copy: the validator writes defaults (QueryLanguage) into what it checks.
  const result = validator(structuredClone(asl), { checkArn: true, checkPaths: true });
  if (!result.isValid)
    throw new InvalidAslError(`The compiled state machine is invalid: ${result.errorsText('; ')}`);
};

/** A definition compiled to ASL and checked; the SHA-256 of its text identifies what was published. */
export const compileChecked = async (
  definition: WorkflowDefinition,
  stepFunctionArn: string,
  comment?: string,
  failStep?: string,
): Promise<{ asl: Asl; text: string; sha256: string }> => {
  const asl = compileWorkflow(definition, { stepFunctionArn, comment, ...(failStep ? { failStep } : {}) });
  await checkAsl(asl);
  const text = JSON.stringify(asl);
  return { asl, text, sha256: createHash('sha256').update(text).digest('hex') };
};
