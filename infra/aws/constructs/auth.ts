import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../../../domain/access/permissions.ts';
import { accept } from '../nag.ts';
import { pascal, prefix, type StagePolicy } from '../settings.ts';

export interface AuthProps {
  stage: string;
  policy: StagePolicy;
  /** Becomes the first user, in the `owner` group, so someone can sign in after the first deploy. */
  ownerEmail?: string;
}

/**
 * The Cognito user pool staff sign in to. Groups are the roles of the permission matrix; a group's
 * precedence follows the matrix's order so Cognito's preferred role is the one `effectiveRole` picks.
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const { policy } = props;
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: prefix(props.stage),
      // Staff accounts are created by an admin, never by visitors.
      selfSignUpEnabled: false,
      // The sign-in API sends the email as USERNAME, so the email is the username.
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Essentials (not Lite) for password history; Plus is the paid tier, see AwsSolutions-COG8.
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: policy.prod,
      removalPolicy: policy.removalPolicy,
    });
    accept(this.userPool, 'AwsSolutions-COG2');
    accept(this.userPool, 'AwsSolutions-COG8');

    ROLES.forEach((role, precedence) => {
      this.userPool.addGroup(`Group${pascal(role)}`, {
        groupName: role,
        precedence,
        description: `Firefly ${role}`,
      });
    });

    this.client = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: `${prefix(props.stage)}-console`,
      // A browser app cannot keep a secret; the sign-in API calls InitiateAuth with only the client id.
      generateSecret: false,
      authFlows: { userPassword: true },
      // No hosted UI: sign-in goes through the API, so OAuth flows and callback URLs stay off.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    if (props.ownerEmail) {
      const owner = new cognito.CfnUserPoolUser(this, 'Owner', {
        userPoolId: this.userPool.userPoolId,
        username: props.ownerEmail,
        userAttributes: [
          { name: 'email', value: props.ownerEmail },
          { name: 'email_verified', value: 'true' },
        ],
        desiredDeliveryMediums: ['EMAIL'],
      });
      const membership = new cognito.CfnUserPoolUserToGroupAttachment(this, 'OwnerIsOwner', {
        userPoolId: this.userPool.userPoolId,
        username: props.ownerEmail,
        groupName: ROLES[0],
      });
      membership.node.addDependency(
        owner,
        ...this.node.findAll().filter((c) => c instanceof cognito.CfnUserPoolGroup),
      );
    }
  }
}
