/**
 * The export formats by name, apart from their writers (formats.ts), so route contracts and the OpenAPI
 * description can name them without reaching the XLSX writer's libraries.
 */
export const FORMATS = ['json', 'csv', 'xlsx', 'sql'] as const;
export type Format = (typeof FORMATS)[number];

export const FORMAT_INFO: Record<Format, { extension: string; contentType: string }> = {
  json: { extension: 'json', contentType: 'application/json' },
  csv: { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  xlsx: {
    extension: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  sql: { extension: 'sql', contentType: 'application/sql; charset=utf-8' },
};
