import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { type ColumnType, TABLES, type TableName } from '../../../domain/reports/dataset.ts';
import { env } from '../../../functions/runtime/env.ts';
import { prefix } from '../settings.ts';
import type { DeployedFunctionSpec } from './functions.ts';

/** Which engine runs report queries: DuckDB in the function (the default), or Athena over the same Parquet. */
export type ReportEngine = 'duckdb' | 'athena';

export interface AnalyticsCatalogProps {
  stage: string;
  engine: ReportEngine;
  bucket: s3.IBucket;
  functions: Record<string, DeployedFunctionSpec>;
  deployed: ReadonlyMap<string, lambda.Function>;
}

/** Glue's (Hive's) names for the dataset's column types. */
const GLUE_TYPES: Record<ColumnType, string> = {
  string: 'string',
  integer: 'bigint',
  number: 'double',
  boolean: 'boolean',
  date: 'date',
};

/** Where Athena writes query results, inside the analytics bucket beside the dataset. */
const RESULTS_PREFIX = 'athena-results/';

/** What running a query on the workgroup takes (functions/reports' Athena engine). */
const ATHENA_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:StopQueryExecution',
];
const GLUE_ACTIONS = ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'];

/**
 * The analytics dataset as Athena sees it: a Glue database with one table per dataset table, each
 * over its folder of Parquet (`tables/<table>/`), columns and types from domain/reports/dataset.ts (the
 * one definition the compiler uses too), and a workgroup that writes encrypted results into the bucket
 * and enforces it. With the `athena` engine the functions that run reports (those that read the
 * dataset) may run queries in that workgroup and read that database only, and are told its names.
 */
export class AnalyticsCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly workgroup: athena.CfnWorkGroup;
  readonly tables: Record<TableName, glue.CfnTable>;

  constructor(scope: Construct, id: string, props: AnalyticsCatalogProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const databaseName = `${prefix(props.stage)}_analytics`.replace(/-/g, '_');
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: databaseName, description: "The reports' analytics dataset (Parquet in S3)" },
    });
    this.tables = Object.fromEntries(
      (Object.entries(TABLES) as [TableName, (typeof TABLES)[TableName]][]).map(([name, spec]) => {
        const table = new glue.CfnTable(
          this,
          `Table${name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`,
          {
            catalogId: stack.account,
            databaseName,
            tableInput: {
              name,
              description: spec.description,
              tableType: 'EXTERNAL_TABLE',
              parameters: { classification: 'parquet', EXTERNAL: 'TRUE' },
              storageDescriptor: {
                location: props.bucket.s3UrlForObject(`tables/${name}/`),
                inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
                outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
                serdeInfo: {
                  serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
                },
                columns: spec.columns.map((c) => ({
                  name: c.name,
                  type: GLUE_TYPES[c.type],
                  comment: c.description,
                })),
              },
            },
          },
        );
        table.addDependency(this.database);
        return [name, table];
      }),
    ) as Record<TableName, glue.CfnTable>;
    this.workgroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: `${prefix(props.stage)}-reports`,
      description: 'Report queries over the analytics dataset',
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        // A runaway report stops at 10 GB scanned (the whole dataset is far smaller).
        bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
        resultConfiguration: {
          outputLocation: props.bucket.s3UrlForObject(RESULTS_PREFIX),
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
    if (props.engine !== 'athena') return;

    const workgroupArn = stack.formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: this.workgroup.name,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const glueArns = [
      stack.formatArn({ service: 'glue', resource: 'catalog' }),
      stack.formatArn({
        service: 'glue',
        resource: 'database',
        resourceName: databaseName,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
      stack.formatArn({
        service: 'glue',
        resource: 'table',
        resourceName: `${databaseName}/*`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }),
    ];
    for (const [name, spec] of Object.entries(props.functions)) {
      // Those that read the dataset run reports; its builder (which writes it) queries nothing, and the
      // monitoring functions read the bucket only to see it answer (deep health's HeadBucket).
      if (spec.access.buckets?.analytics !== 'read' || spec.access.monitoring) continue;
      const fn = props.deployed.get(name)!;
      iam.Grant.addToPrincipal({ grantee: fn, actions: ATHENA_ACTIONS, resourceArns: [workgroupArn] });
      iam.Grant.addToPrincipal({ grantee: fn, actions: GLUE_ACTIONS, resourceArns: glueArns });
      // Athena writes results as the caller: into its own prefix only.
      iam.Grant.addToPrincipal({
        grantee: fn,
        actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
        resourceArns: [props.bucket.arnForObjects(`${RESULTS_PREFIX}*`)],
      });
      iam.Grant.addToPrincipal({
        grantee: fn,
        actions: ['s3:GetBucketLocation'],
        resourceArns: [props.bucket.bucketArn],
      });
      fn.addEnvironment(env.REPORT_ENGINE, 'athena');
      fn.addEnvironment(env.ATHENA_WORKGROUP, this.workgroup.name);
      fn.addEnvironment(env.GLUE_DATABASE, databaseName);
      fn.addEnvironment(env.ATHENA_OUTPUT_LOCATION, props.bucket.s3UrlForObject(RESULTS_PREFIX));
    }
  }
}
