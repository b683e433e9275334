/**
 * The CDK app's entry (cdk.json: `npx tsx infra/aws/app.ts`). Bundles the functions first so a fresh
 * clone synthesizes with `npm run synth` alone; FIREFLY_SKIP_BUNDLE=1 skips that for quick template
 * checks with stand-in code that must never be deployed.
 */
import { bundleAll, MAX_BUNDLE_BYTES, overBudget } from '../bundle.ts';
import { bundledCode, createFireflyApp, placeholderCode } from './firefly.ts';

const skipBundle = process.env.FIREFLY_SKIP_BUNDLE === '1';
if (skipBundle) {
  console.warn('FIREFLY_SKIP_BUNDLE=1: functions get placeholder code; do not deploy this synthesis');
} else {
  for (const { name, bytes } of overBudget(await bundleAll())) {
    console.warn(`WARNING: bundle ${name} is ${bytes} bytes, over the ${MAX_BUNDLE_BYTES}-byte budget`);
  }
}

const { app } = createFireflyApp({ code: skipBundle ? placeholderCode : bundledCode });
app.synth();
