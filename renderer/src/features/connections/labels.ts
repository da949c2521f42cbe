import type { AuthType, ConnectionTestResult } from '../../../../shared/contract';

// UI wording lives here, in the renderer, rather than being imported at runtime from the contract.

export const authTypeLabels: Record<AuthType, string> = {
  none: 'None',
  bearer: 'Bearer token',
  basic: 'HTTP Basic',
  header: 'Custom header (e.g. API key)',
  oauth2: 'OAuth 2.0 client credentials',
};

/** What the secret is called for each auth type; null where there is none. */
export const secretLabels: Record<AuthType, string | null> = {
  none: null,
  bearer: 'Bearer token',
  basic: 'Password',
  header: 'Header value',
  oauth2: 'Client secret',
};

export type ProxyMode = 'environment' | 'none' | 'custom';
export const proxyModeLabels: Record<ProxyMode, string> = {
  environment: 'Use environment (HTTPS_PROXY / NO_PROXY)',
  none: 'None (connect directly)',
  custom: 'Custom proxy URL',
};

type StepName = ConnectionTestResult['steps'][number]['name'];
export const testStepLabels: Record<StepName, string> = {
  url: 'URL',
  reachability: 'Reachability',
  tls: 'TLS certificate',
  auth: 'Authentication',
  scim: 'SCIM answer',
  discovery: 'Discovery',
};
