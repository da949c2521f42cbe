/**
 * The renderer's Content-Security-Policy, one policy for both shells (app:// in Electron, the web
 * shell's HTTP). No inline script or style, no eval, nothing remote: the renderer talks to the
 * world only through the contract.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
