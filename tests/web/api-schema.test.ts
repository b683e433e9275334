import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderApiTypes, SCHEMA_FILE } from '../../infra/gen-api-types.ts';

/**
 * The console's API types are generated from the OpenAPI description the API serves (`npm run gen:api`),
 * never written by hand. The generated file is committed so the console reads as it builds; this keeps it
 * the description's current output.
 */
describe("the console's generated API types", () => {
  it('are what npm run gen:api generates from the current contracts', async () => {
    const current = readFileSync(SCHEMA_FILE, 'utf8') === (await renderApiTypes());
    expect(current, 'web/src/api/schema.gen.ts is stale: run npm run gen:api and commit it').toBe(true);
  });
});
