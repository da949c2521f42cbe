/**
 * Which extra headers carry a credential, judged by name. Their values are secrets like the auth
 * secret: kept in the vault (encrypted, bound to the origin they were saved for), never in the
 * profile file, and write-only for the renderer. Pure, so the renderer can ask it too.
 */

const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-api-key']);
const CREDENTIAL_WORDS = /token|secret|key|auth|password|session/i;

export function isCredentialHeaderName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return CREDENTIAL_HEADERS.has(lower) || CREDENTIAL_WORDS.test(lower);
}
