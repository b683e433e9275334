import type { components } from '../../api/schema.gen';

/**
 * Backup, restore, export and time-travel shapes: aliases of the API's generated description
 * (`schema.gen.ts`, from functions/api/{backups,exports}/contract.ts), never copies.
 */
type Schemas = components['schemas'];

export type BackupRun = Schemas['BackupRun'];
export type BackupKind = NonNullable<Schemas['StartBackup']['kind']>;
export type RunStatus = BackupRun['status'];
export type Verification = Schemas['BackupVerification'];
export type DrillResult = Schemas['RestoreDrillResult'];
export type BackupDetail = Schemas['BackupDetail'];
export type RestoreRun = Schemas['RestoreRun'];
export type Retention = Schemas['RetentionPolicyOutput'];
export type BackupSettings = Schemas['BackupSettings'];
export type ChangeBackupSettingsBody = Schemas['ChangeBackupSettings'];
export type StartRestoreBody = Schemas['StartRestore'];

export {
  eventTypeValues as EVENT_TYPES,
  exportViewValues as EXPORT_VIEWS,
  startExportFormatValues as FORMATS,
} from '../../api/schema.gen';
export type EventType = Schemas['EventType'];
export type ExportView = Schemas['ExportView'];
export type Format = Schemas['StartExport']['format'];
export type ExportSource = Schemas['ExportSource'];
export type ExportRun = Schemas['ExportRun'];
export type StartExportBody = Schemas['StartExport'];
export type ExportSources = Schemas['ExportSources'];

export type RecordAt = Schemas['RecordAt'];
