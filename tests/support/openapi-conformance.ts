import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument, Schema } from './openapi-fuzz.ts';

/**
 * Checks real responses against the OpenAPI description, as a validating proxy (Stoplight Prism) does:
 * the status is one the operation describes, the content type one that status describes, and the body
 * valid against that content's schema, `additionalProperties: false` and formats included. Used by
 * tests/functions/api/conformance.test.ts.
 */
export interface RealResponse {
  status: number;
  contentType: string;
  text: string;
}

interface DescribedResponse {
  content?: Record<string, { schema?: Schema }>;
}

/** `text/csv; charset=utf-8` → `text/csv`: media types are compared without their parameters. */
const mediaType = (value: string) => value.split(';')[0]!.trim().toLowerCase();

const isJson = (media: string) => /^application\/(.+\+)?json$/.test(media);

const BASE = 'https://firefly.example/openapi.json';

export const conformance = (document: OpenApiDocument) => {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; the components become $defs of one schema the
  // responses' $refs point into. Vendor keywords (`x-…`, `example`) are not validation keywords.
  const retarget = (schema: unknown): Schema =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${BASE}#/$defs/`)) as Schema;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  // ajv-formats is CommonJS: its default export is the plugin function.
  (addFormats as unknown as (instance: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: BASE, $defs: retarget(document.components?.schemas ?? {}) });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (key: string, schema: Schema) => {
    let fn = compiled.get(key);
    if (!fn) {
      fn = ajv.compile(retarget(schema));
      compiled.set(key, fn);
    }
    return fn;
  };

  /** What is wrong with a response to an operation; empty when it conforms. */
  const check = (method: string, path: string, res: RealResponse): string[] => {
    const operation = document.paths[path]?.[method.toLowerCase()] as
      | (Record<string, unknown> & { responses?: Record<string, DescribedResponse> })
      | undefined;
    if (!operation) return [`${method} ${path} is not described`];
    const described = operation.responses?.[String(res.status)];
    if (!described) {
      const listed = Object.keys(operation.responses ?? {}).join(', ');
      return [`status ${res.status} is not described (described: ${listed})`];
    }
    const content = described.content ?? {};
    const media = mediaType(res.contentType);
    if (Object.keys(content).length === 0) {
      return res.text === '' ? [] : [`status ${res.status} describes no body, but one came (${media})`];
    }
    const entry = Object.entries(content).find(([type]) => mediaType(type) === media);
    if (!entry) {
      return [
        `content type ${res.contentType || '(none)'} is not described for ${res.status} (described: ${Object.keys(content).join(', ')})`,
      ];
    }
    const [type, { schema }] = entry;
    if (!schema) return [];
    let body: unknown = res.text;
    if (isJson(media)) {
      try {
        body = JSON.parse(res.text);
      } catch {
        return [`the ${media} body is not JSON`];
      }
    }
    const validate = validator(`${method} ${path} ${res.status} ${type}`, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 8).map((error) => {
      const extra =
        error.keyword === 'additionalProperties'
          ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
          : '';
      return `body${error.instancePath} ${error.message}${extra}`;
    });
  };

  return { check };
};
