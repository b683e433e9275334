import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { type TableName, type TableSpec, tables } from '../../../functions/tables.ts';
import { pascal, type StagePolicy } from '../settings.ts';

export interface DataProps {
  policy: StagePolicy;
  /** Defaults to the app manifest's tables; tests may pass their own. */
  tables?: Record<TableName, TableSpec>;
}

/**
 * The DynamoDB tables of functions/tables.ts, exactly: keys, indexes, TTL. The events table streams new
 * images because in AWS the stream (not the local outbox poller) triggers the publisher.
 */
export class Data extends Construct {
  readonly tables: Record<TableName, dynamodb.Table>;
  /**
   * Wraps the data keys of integrations' credentials (the AWS Encryption SDK's KMS keyring). Yearly
   * rotation keeps old ciphertexts readable: KMS keeps every key version.
   */
  readonly credentialsKey: kms.Key;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);
    this.credentialsKey = new kms.Key(this, 'CredentialsKey', {
      description: "Wraps the data keys of integrations' stored credentials",
      enableKeyRotation: true,
      removalPolicy: props.policy.removalPolicy,
    });
    const specs = props.tables ?? tables;
    this.tables = Object.fromEntries(
      (Object.entries(specs) as [TableName, TableSpec][]).map(([name, spec]) => [
        name,
        this.table(name, spec, props.policy),
      ]),
    ) as Record<TableName, dynamodb.Table>;
  }

  private table(name: TableName, spec: TableSpec, policy: StagePolicy): dynamodb.Table {
    const table = new dynamodb.Table(this, `${pascal(name)}Table`, {
      partitionKey: { name: spec.partitionKey.name, type: attributeType(spec.partitionKey.type) },
      sortKey: spec.sortKey && { name: spec.sortKey.name, type: attributeType(spec.sortKey.type) },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: spec.ttlAttribute,
      stream: name === 'events' ? dynamodb.StreamViewType.NEW_IMAGE : undefined,
      deletionProtection: policy.prod,
      removalPolicy: policy.removalPolicy,
    });
    for (const index of spec.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.type) },
        sortKey: { name: index.sortKey.name, type: attributeType(index.sortKey.type) },
        projectionType:
          index.projection === 'KEYS_ONLY' ? dynamodb.ProjectionType.KEYS_ONLY : dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }
}

const attributeType = (type: 'S' | 'N'): dynamodb.AttributeType =>
  type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER;
