// The loopback host: token required, foreign Host/Origin refused, the API reachable once authorised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpHost, type HttpHost } from '../../electron/server/http-host';
import { ADMIN, newApp, type TestApp } from './helpers';

let app: TestApp;
let host: HttpHost;
let dir: string;

function send(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; port?: number } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: opts.port ?? host.port,
        path,
        method: opts.method ?? 'GET',
        headers: { Host: `127.0.0.1:${opts.port ?? host.port}`, ...opts.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const invoke = (headers: Record<string, string>) =>
  send('/api/invoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ name: 'system.status', args: {} }),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zj-host-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'zj-secret.txt'), 'secret');
  app = await newApp();
  host = await startHttpHost({ dispatcher: app.dispatcher, rendererDir: dir, port: 0 });
});

afterAll(async () => {
  await host.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('http host', () => {
  it('binds 127.0.0.1 and prints a URL with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses the API and the page without the token', async () => {
    const api = await invoke({});
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await send('/')).status).toBe(401);
    expect((await invoke({ 'X-Zongjian-Token': 'wrong' })).status).toBe(401);
    expect((await send('/?token=wrong')).status).toBe(401);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const res = await invoke({ 'X-Zongjian-Token': host.token, Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.message).toContain('其他网站');
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await invoke({ 'X-Zongjian-Token': host.token, Host: 'evil.example:80' });
    expect(res.status).toBe(403);
  });

  it('serves the API with the token, from its own origin', async () => {
    const res = await invoke({ 'X-Zongjian-Token': host.token, Origin: host.origin });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { initialized: false } });
  });

  it('exchanges the URL token for HttpOnly SameSite cookies and drops it from the address', async () => {
    const res = await send(`/?token=${host.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookies = res.headers['set-cookie'] as string[];
    expect(cookies.every((c) => c.includes('HttpOnly') && c.includes('SameSite=Strict'))).toBe(true);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    const page = await send('/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const api = await invoke({ Cookie: cookie });
    expect(JSON.parse(api.body).ok).toBe(true);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await send('/..%2f..%2fzj-secret.txt', { headers: { 'X-Zongjian-Token': host.token } });
    expect(res.body).not.toContain('secret');
  });

  it('returns a Chinese VALIDATION envelope for bad JSON', async () => {
    const res = await send('/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Zongjian-Token': host.token },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toContain('不是有效的 JSON');
  });
});

describe('http host: change events', () => {
  /** An open /api/events stream that collects the events it is sent. */
  function listen(h: HttpHost): Promise<{ events: { event: string; data: unknown }[]; close(): void }> {
    return new Promise((resolve, reject) => {
      const events: { event: string; data: unknown }[] = [];
      let buffer = '';
      const req = request(
        {
          host: '127.0.0.1',
          port: h.port,
          path: '/api/events',
          headers: { Host: `127.0.0.1:${h.port}`, 'X-Zongjian-Token': h.token },
        },
        (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream');
          res.on('data', (c: Buffer) => {
            buffer += c.toString();
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = /^event: (.+)$/m.exec(block)?.[1];
              const data = /^data: (.+)$/m.exec(block)?.[1];
              if (event && data) events.push({ event, data: JSON.parse(data) });
            }
            // The stream is open (its first comment has arrived) once the caller may write.
            resolve({ events, close: () => req.destroy() });
          });
        },
      );
      req.on('error', (e) => {
        if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(e);
      });
      req.end();
    });
  }

  async function until(test: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
  }

  it('pushes one data.changed to every open stream (several tabs), matching the writer’s answer', async () => {
    const own = await newApp();
    const h = await startHttpHost({ dispatcher: own.dispatcher, rendererDir: dir, port: 0 });
    const tabs = [await listen(h), await listen(h), await listen(h)];
    try {
      const res = await send('/api/invoke', {
        method: 'POST',
        port: h.port,
        headers: { 'Content-Type': 'application/json', 'X-Zongjian-Token': h.token },
        body: JSON.stringify({
          name: 'system.setup',
          args: {
            office: { name: '越城区卫生健康局', docPrefix: '越卫健' },
            admin: ADMIN,
          },
        }),
      });
      const answer = JSON.parse(res.body) as {
        ok: boolean;
        changed?: { id: string; method: string; changes: { entity: string }[] };
      };
      expect(answer).toMatchObject({ ok: true });
      expect(answer.changed?.method).toBe('system.setup');
      expect(answer.changed?.changes.map((c) => c.entity)).toContain('office');
      await until(() => tabs.every((t) => t.events.some((e) => e.event === 'data.changed')));
      for (const t of tabs) {
        const changed = t.events.filter((e) => e.event === 'data.changed');
        expect(changed).toHaveLength(1);
        expect(changed[0]!.data).toEqual(answer.changed);
      }
      // A read pushes nothing.
      await send('/api/invoke', {
        method: 'POST',
        port: h.port,
        headers: { 'Content-Type': 'application/json', 'X-Zongjian-Token': h.token },
        body: JSON.stringify({ name: 'system.status', args: {} }),
      });
      // The stream is in order: once a later event has arrived, the read has had its chance to push.
      own.dispatcher.emit('menu.navigate', { path: '/dashboard' });
      await until(() => tabs.every((t) => t.events.some((e) => e.event === 'menu.navigate')));
      for (const t of tabs) expect(t.events.filter((e) => e.event === 'data.changed')).toHaveLength(1);
    } finally {
      for (const t of tabs) t.close();
      await h.close();
      await own.close();
    }
  });
});
