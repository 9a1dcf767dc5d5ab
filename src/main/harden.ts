/**
 * App-wide guards, installed before any window exists so they cover every web contents and every
 * session: no navigation, no redirects, no new windows, no webviews, no permissions, and the CSP
 * header.
 */
import { app, type Session, session } from 'electron';

/** `policy`: the Content-Security-Policy header for pages served over HTTP (renderer-policy). */
export function hardenApp(policy: string): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-frame-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  // Permissions and the CSP header are per session: cover any session besides the default one.
  app.on('session-created', (created) => hardenSession(policy, created));
}

/** Call once the app is ready (sessions exist only then); safe to call twice on one session. */
export function hardenSession(policy: string, target: Session = session.defaultSession): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [policy],
      },
    });
  });
}
