/**
 * The report builder's shapes: aliases of the API's generated description (`schema.gen.ts`, from
 * `events/contexts/report-definition.ts` through the reports contract), never a copy.
 */
import type { components } from '../../api/schema.gen.ts';

export type ReportDefinition = components['schemas']['ReportDefinition'];
export type ReportDimension = components['schemas']['ReportDimension'];
export type ReportValue = components['schemas']['ReportValue'];
export type ReportFilter = components['schemas']['ReportFilter'];
export type ReportCalculation = components['schemas']['ReportCalculation'];
export type ReportVisual = components['schemas']['ReportVisual'];
export type VisualType = ReportVisual['type'];
export type ReportResult = components['schemas']['ReportResult'];
export type ResultColumn = ReportResult['columns'][number];
export type ResultRow = ReportResult['rows'][number];
export type Cell = ResultRow[string];
export type Dataset = components['schemas']['ReportDataset'];
export type DatasetField = components['schemas']['ReportDatasetField'];
export type FieldType = DatasetField['type'];
export type ReportTemplate = components['schemas']['ReportTemplate'];
export type SavedReport = components['schemas']['SavedReport'];
export type Aggregation = ReportValue['agg'];
export type Grain = NonNullable<ReportDimension['grain']>;
