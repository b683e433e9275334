import type { components } from '../../api/schema.gen';

/** The integration hub's shapes: aliases of the generated description (functions/api/integrations). */
type Schemas = components['schemas'];

export type Integration = Schemas['Integration'];
export type IntegrationTemplate = Schemas['IntegrationTemplate'];
export type TemplateId = Schemas['IntegrationTemplateId'];
export type IntegrationStatus = Schemas['IntegrationStatus'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type ConnectionCheck = Schemas['ConnectionCheck'];
export type ConnectBody = Schemas['ConnectIntegration'];
export type RotateBody = Schemas['RotateCredentials'];
export type Checkout = Schemas['Checkout'];

export { integrationStatusValues as INTEGRATION_STATUSES } from '../../api/schema.gen';

/** Outbound webhooks (functions/api/outbound). */
export type WebhookEndpoint = Schemas['OutboundEndpoint'];
/** An event type an endpoint can subscribe to (the catalog's, as the description enumerates them). */
export type SubscribableEventType = Schemas['CreateWebhookEndpoint']['eventTypes'][number];
export type WebhookEndpointWithSecret = Schemas['OutboundEndpointWithSecret'];
export type OutboundDelivery = Schemas['OutboundDelivery'];
export type CreateEndpointBody = Schemas['CreateWebhookEndpoint'];
export type OutboundFormat = Schemas['OutboundFormat'];
export { outboundEndpointStatusValues as ENDPOINT_STATUSES } from '../../api/schema.gen';

/** An integration's sync over a window (GET /api/integrations/{id}/sync). */
export type IntegrationSync = Schemas['IntegrationSync'];

/** API keys for third parties (functions/api/apikeys). */
export type ApiKey = Schemas['ApiKey'];
export type IssuedApiKey = Schemas['IssuedApiKey'];
export type IssueApiKeyBody = Schemas['IssueApiKey'];
export type PermissionName = Schemas['Permission'];
export { apiKeyStatusValues as API_KEY_STATUSES } from '../../api/schema.gen';
