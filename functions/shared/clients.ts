import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** SDK clients are created once per container, on first use, so cold starts pay only for what a function uses. */
const lazy = <T>(create: () => T): (() => T) => {
  let instance: T | undefined;
  return () => {
    instance ??= create();
    return instance;
  };
};

export const dynamo = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }),
);
export const eventBridge = lazy(() => new EventBridgeClient({}));
export const cognito = lazy(() => new CognitoIdentityProviderClient({}));
