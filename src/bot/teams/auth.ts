/**
 * Bot Framework authentication built from TeamsConfig. With an app id,
 * every inbound request must carry a channel token signed by a key from the
 * Bot Framework OpenID metadata (botbuilder checks issuer, audience = app
 * id, serviceUrl claim and endorsements); replies use the app's password,
 * certificate or managed identity. An empty app id switches all of that
 * off in the SDK, which config only allows with TEAMS_ALLOW_UNAUTHENTICATED
 * outside production.
 */
import { readFileSync } from 'node:fs';
import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { TeamsConfig } from '../../config.js';
import { HypercareError } from '../core/errors.js';

/** Where outbound tokens come from; tests hand in a stand-in for Azure AD. */
export type CredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;

/**
 * The public cloud's values (botframework-connector AuthenticationConstants). Overriding
 * any one endpoint makes botbuilder take every endpoint from the settings, so they are
 * all spelled out when the metadata URL is overridden.
 */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: CallerIdConstants.PublicAzureChannel,
  ValidateAuthority: true,
};

export function botAuthentication(config: TeamsConfig, credentialsFactory?: CredentialsFactory): ConfigurationBotFrameworkAuthentication {
  const settings: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.appId,
    MicrosoftAppPassword: config.appPassword,
    MicrosoftAppType: config.appType,
    MicrosoftAppTenantId: config.tenantId,
  };
  if (config.certThumbprint && config.certKeyFile) {
    settings.CertificateThumbprint = config.certThumbprint;
    settings.CertificatePrivateKey = readKey(config.certKeyFile);
  }
  if (config.openIdMetadataUrl) Object.assign(settings, PUBLIC_CLOUD, { ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl });
  return new ConfigurationBotFrameworkAuthentication(settings, credentialsFactory);
}

function readKey(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new HypercareError('bad_request', `MICROSOFT_APP_CERT_KEY_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
