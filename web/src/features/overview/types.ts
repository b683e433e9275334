import type { components } from '../../api/schema.gen';

/** `GET /api/reports/overview`: aliases of the API's generated description, never copies. */
type Schemas = components['schemas'];

export type RevenueMonth = Schemas['RevenueMonth'];
export type StageFigures = Schemas['StageFigures'];
export type ChannelFigures = Schemas['ChannelFigures'];
export type LowStockItem = Schemas['LowStockItem'];
export type Activity = Schemas['Activity'];
export type OverviewReport = Schemas['Overview'];
