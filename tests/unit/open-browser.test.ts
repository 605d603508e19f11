// npm start (browser mode) opens its address in the system's browser where there is a desktop, never anything else.
import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../electron/host/open-browser';

const url = 'http://127.0.0.1:17300/?token=abc&x=1#/';

describe('browserCommand', () => {
  it('opens the address as one argument on Windows, macOS and a Linux desktop', () => {
    expect(browserCommand(url, 'win32', {})).toEqual({
      command: 'rundll32.exe',
      args: ['url.dll,FileProtocolHandler', url],
    });
    expect(browserCommand(url, 'darwin', {})).toEqual({ command: '/usr/bin/open', args: [url] });
    const env = { DISPLAY: ':0', PATH: '/usr/local/bin:/usr/bin' };
    expect(browserCommand(url, 'linux', env, (p) => p === '/usr/bin/xdg-open')).toEqual({
      command: '/usr/bin/xdg-open',
      args: [url],
    });
  });

  it('only prints the address where there is no desktop or no opener', () => {
    expect(browserCommand(url, 'linux', { PATH: '/usr/bin' }, () => true)).toBeNull();
    expect(browserCommand(url, 'linux', { WAYLAND_DISPLAY: 'w', PATH: '/usr/bin' }, () => false)).toBeNull();
  });

  it('opens nothing but the app’s own loopback address', () => {
    expect(browserCommand('https://example.com/', 'win32', {})).toBeNull();
    expect(browserCommand('file:///etc/passwd', 'darwin', {})).toBeNull();
    expect(
      browserCommand('http://127.0.0.1.evil.example/', 'linux', { DISPLAY: ':0' }, () => true),
    ).toBeNull();
  });
});
