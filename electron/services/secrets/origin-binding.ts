import { AppError, secretLabel, type AuthType, type ConnectionSettings } from '../../../shared/contract';

/**
 * A saved secret is bound to the origin (scheme, host, port) it was saved for and only ever sent
 * there: the token URL's origin for an OAuth client secret, the base URL's origin for every other
 * auth secret and for secret extra headers. The connection service refuses to keep a secret for
 * another origin; the HTTP client refuses to attach one to a request for another origin.
 */

export function originOf(url: string | URL): string {
  return new URL(url).origin;
}

/** Where the connection's auth secret is sent: the OAuth token endpoint, or the SCIM server. */
export function authSecretOrigin(settings: Pick<ConnectionSettings, 'baseUrl' | 'auth'>): string {
  return settings.auth.type === 'oauth2' ? originOf(settings.auth.tokenUrl) : originOf(settings.baseUrl);
}

/** Where secret extra headers are sent: the SCIM server. */
export function headerSecretOrigin(settings: Pick<ConnectionSettings, 'baseUrl'>): string {
  return originOf(settings.baseUrl);
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export function authSecretMismatch(type: AuthType, savedFor: string, target: string): AppError {
  const what = lowerFirst(secretLabel[type] ?? 'secret');
  return new AppError({
    code: 'invalid_input',
    field: 'secret',
    message: `The saved ${what} was saved for ${savedFor}; enter it again to send it to ${target}.`,
  });
}

export function headerSecretMismatch(name: string, savedFor: string, target: string, field = 'secretHeaders'): AppError {
  return new AppError({
    code: 'invalid_input',
    field,
    message: `The saved value of the header ${name} was saved for ${savedFor}; enter it again to send it to ${target}.`,
  });
}
