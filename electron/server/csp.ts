// One Content-Security-Policy for both the Electron window (meta tag in renderer/index.html, checked equal by
// a unit test) and the browser host (response header). No eval, nothing from outside the app.
//
// frame-ancestors works only as an HTTP header: a <meta> CSP that carries it makes Chromium log an error on
// every load. The page's meta carries the document policy; the browser host's header adds frame-ancestors (no
// other site may frame the app). The Electron window is a top-level file:// page that nothing can frame.
export const DOCUMENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // ag-grid and React set inline style attributes; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The browser host's Content-Security-Policy header: the document policy and frame-ancestors. */
export const CONTENT_SECURITY_POLICY = `${DOCUMENT_CSP}; frame-ancestors 'none'`;
