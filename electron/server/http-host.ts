// The loopback HTTP transport: serves the renderer build and the dispatcher to a browser on this machine only.
// Guards: binds 127.0.0.1; Host and Origin must name this host, which stops DNS-rebinding and cross-site pages
// from reaching the API. Every API request carries the per-launch random token in the X-Zongjian-Token header
// and the tab's own session id in X-Zongjian-Session. No cookies, ever: cookies are not separated by port, so
// any other web server on this machine would receive them, and a malformed one set by another local site must
// not break this app. The printed address carries the token in its fragment (#token=…), which the browser never
// sends anywhere; the page keeps it in sessionStorage (per tab) and sends it as a header. The page's own files
// are served to anyone on this machine (they are the public program, not data).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AppErrorShape } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY } from './csp';
import type { Dispatcher } from './dispatcher';

export interface HttpHostOptions {
  dispatcher: Dispatcher;
  rendererDir: string;
  port?: number; // 0 = any free port
  token?: string;
}

export interface HttpHost {
  url: string; // includes the token in its fragment: what the user opens
  origin: string;
  port: number;
  token: string;
  /** API requests (/api/…) since start, and how many of them were refused for a missing or wrong token. */
  readonly stats: { api: number; refused: number };
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};
const MAX_BODY = 32 * 1024 * 1024;
export const TOKEN_HEADER = 'x-zongjian-token';
export const SESSION_HEADER = 'x-zongjian-session';
/** A tab's session id: random, made by the page (renderer/src/transport.ts). */
const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

function sameSecret(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(data);
}

function refuse(res: ServerResponse, status: number, error: AppErrorShape): void {
  sendJson(res, status, { ok: false, error });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererRoot = resolve(options.rendererDir);
  if (!existsSync(join(rendererRoot, 'index.html'))) {
    throw new Error(`renderer build not found in ${rendererRoot}: run "npm run build" first`);
  }
  let port = 0;
  const stats = { api: 0, refused: 0 };
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      return refuse(res, 403, { code: 'FORBIDDEN', message: '拒绝访问：Host 不是本机地址' });
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      return refuse(res, 403, { code: 'FORBIDDEN', message: '拒绝访问：请求来自其他网站' });
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    // The Cookie header is never read: whatever another local site set for 127.0.0.1 is not ours.

    if (url.pathname.startsWith('/api/')) {
      stats.api++;
      if (!sameSecret(header(req, TOKEN_HEADER), token)) {
        stats.refused++;
        return refuse(res, 401, {
          code: 'UNAUTHENTICATED',
          message: '访问令牌无效：程序已重新启动，请使用新的访问地址',
        });
      }
    }

    if (url.pathname === '/api/invoke') {
      if (req.method !== 'POST') return refuse(res, 405, { code: 'VALIDATION', message: '仅支持 POST' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return refuse(res, 415, { code: 'VALIDATION', message: '请求格式应为 JSON' });
      }
      let body: { name?: unknown; args?: unknown };
      try {
        body = JSON.parse(await readBody(req)) as typeof body;
      } catch {
        return refuse(res, 400, { code: 'VALIDATION', message: '请求内容不是有效的 JSON，或超过 32 MB' });
      }
      if (typeof body.name !== 'string')
        return refuse(res, 400, { code: 'VALIDATION', message: '缺少操作名称' });
      // Each tab signs in on its own: its session is the id it sends, never a value shared by the browser.
      const sid = header(req, SESSION_HEADER);
      if (!sid || !SESSION_ID.test(sid)) {
        return refuse(res, 400, { code: 'VALIDATION', message: '缺少或无效的会话标识' });
      }
      return sendJson(res, 200, await options.dispatcher.dispatch(body.name, body.args, `http:${sid}`));
    }

    if (url.pathname === '/api/events') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const off = options.dispatcher.onEvent((event, payload) => {
        res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      });
      req.on('close', off);
      return;
    }

    if (url.pathname.startsWith('/api/'))
      return refuse(res, 404, { code: 'NOT_FOUND', message: '没有这个接口' });
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, { code: 'VALIDATION', message: '不支持的请求方法' });
    // Static renderer files; anything else falls back to index.html (client-side routes).
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return refuse(res, 400, { code: 'VALIDATION', message: '无效的地址' });
    }
    const rel = normalize(path).replace(/^([/\\])+/, '');
    let file = resolve(rendererRoot, rel);
    if (!(file === rendererRoot || file.startsWith(rendererRoot + sep))) {
      return refuse(res, 403, { code: 'FORBIDDEN', message: '拒绝访问' });
    }
    if (!existsSync(file) || !statSync(file).isFile()) file = join(rendererRoot, 'index.html');
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    const headers: Record<string, string> = {
      'Content-Type': type,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'max-age=3600',
    };
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      headers['X-Frame-Options'] = 'DENY';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent)
        refuse(res, 500, { code: 'INTERNAL', message: `内部错误：${(e as Error).message}` });
      else res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const originUrl = `http://127.0.0.1:${port}`;
  return {
    url: `${originUrl}/#token=${token}`,
    origin: originUrl,
    port,
    token,
    stats,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
