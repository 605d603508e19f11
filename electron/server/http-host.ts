// The loopback HTTP transport: serves the renderer build and the dispatcher to a browser on this machine only.
// Guards: binds 127.0.0.1; a per-launch random token (given once in the URL, then kept in an HttpOnly
// SameSite=Strict cookie) is required for every request; Host and Origin must name this host, which stops
// DNS-rebinding and cross-site pages from reaching the API.
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
  url: string; // includes the token: what the user opens
  origin: string;
  port: number;
  token: string;
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
const TOKEN_COOKIE = 'zj_token';
const SESSION_COOKIE = 'zj_sid';

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
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

const NO_TOKEN_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>综合监管工作台</title>
<body style="font-family:sans-serif;padding:3em;line-height:1.8"><h1>需要访问令牌</h1>
<p>请使用启动综合监管工作台时命令行窗口中打印的完整地址（包含 <code>?token=</code> 部分）打开本页面。</p>
<p>每次启动都会生成新的令牌，旧地址随之失效。</p></body></html>`;

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererRoot = resolve(options.rendererDir);
  if (!existsSync(join(rendererRoot, 'index.html'))) {
    throw new Error(`renderer build not found in ${rendererRoot}: run "npm run build" first`);
  }
  let port = 0;
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
    const cookies = parseCookies(req.headers.cookie);

    // First visit with ?token=: keep it in a cookie and drop it from the address bar.
    if (req.method === 'GET' && url.searchParams.has('token')) {
      if (!sameSecret(url.searchParams.get('token') ?? undefined, token)) {
        res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' });
        return void res.end(NO_TOKEN_PAGE);
      }
      const sid = cookies[SESSION_COOKIE] ?? randomBytes(18).toString('base64url');
      res.writeHead(303, {
        Location: '/',
        'Set-Cookie': [
          `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`,
          `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Strict`,
        ],
        'Cache-Control': 'no-store',
      });
      return void res.end();
    }

    const headerToken = req.headers['x-zongjian-token'];
    const authorized =
      sameSecret(cookies[TOKEN_COOKIE], token) ||
      sameSecret(typeof headerToken === 'string' ? headerToken : undefined, token);
    if (!authorized) {
      if (url.pathname.startsWith('/api/')) {
        return refuse(res, 401, { code: 'UNAUTHENTICATED', message: '缺少或错误的访问令牌' });
      }
      res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' });
      return void res.end(NO_TOKEN_PAGE);
    }
    const sessionKey = `http:${cookies[SESSION_COOKIE] ?? 'token-only'}`;

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
      return sendJson(res, 200, await options.dispatcher.dispatch(body.name, body.args, sessionKey));
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

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, { code: 'VALIDATION', message: '不支持的请求方法' });
    // Static renderer files; anything else falls back to index.html (client-side routes).
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
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
    url: `${originUrl}/?token=${token}`,
    origin: originUrl,
    port,
    token,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
