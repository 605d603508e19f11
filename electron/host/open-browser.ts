// `npm start` in browser mode opens the app's address in the system's browser where there is one (a desktop
// session); on a server without a display it only prints the address.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface OpenCommand {
  command: string;
  args: string[];
}

function onPath(name: string, env: NodeJS.ProcessEnv, exists: (p: string) => boolean): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && exists(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** How to open `url` in the default browser here, or null where there is no desktop to open it on. */
export function browserCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  exists: (p: string) => boolean = existsSync,
): OpenCommand | null {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) return null; // only the app's own loopback address
  if (platform === 'win32') {
    // Not `start`: cmd would split the address at its '&'. The URL handler takes it as one argument.
    return { command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', url] };
  }
  if (platform === 'darwin') return { command: '/usr/bin/open', args: [url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  const opener = onPath('xdg-open', env, exists);
  return opener ? { command: opener, args: [url] } : null;
}

/** Opens the address; true when a browser was asked to open it. Never fails the start. */
export function openInBrowser(url: string): boolean {
  const how = browserCommand(url);
  if (!how) return false;
  try {
    const child = spawn(how.command, how.args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
