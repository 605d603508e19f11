// The loopback host: token required (in a header, never a cookie), foreign Host/Origin refused, the API reachable
// once authorised, one session per tab, and no cookie read or set, whatever other local sites leave behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHttpHost, type HttpHost } from '../../electron/server/http-host';
import { ADMIN, newApp, newSetupApp, type TestApp } from './helpers';

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

const invoke = (headers: Record<string, string>, name = 'system.status', args: unknown = {}, port?: number) =>
  send('/api/invoke', {
    method: 'POST',
    port,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ name, args }),
  });

/** What a tab sends: the launch token and its own session id. */
const tab = (sessionId: string, token = host.token) => ({
  'X-Zongjian-Token': token,
  'X-Zongjian-Session': sessionId,
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
  it('binds 127.0.0.1 and prints a URL with a long random token in its fragment (never sent to a server)', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses the API without the token; the page itself (the public program) is served', async () => {
    const api = await invoke({});
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await invoke(tab('a'.repeat(24), 'wrong'))).status).toBe(401);
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await send('/api/events')).status).toBe(401);
  });

  it('takes the token only from its header: not from a cookie, not from the address', async () => {
    const before = host.stats.refused;
    const byCookie = await invoke({ Cookie: `zj_token=${host.token}; zj_sid=${'s'.repeat(24)}` });
    expect(byCookie.status).toBe(401);
    const byQuery = await send(`/api/invoke?token=${host.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Zongjian-Session': 's'.repeat(24) },
      body: JSON.stringify({ name: 'system.status', args: {} }),
    });
    expect(byQuery.status).toBe(401);
    expect(host.stats.refused).toBe(before + 2);
    expect((await invoke(tab('s'.repeat(24)))).status).toBe(200);
  });

  it('never sets a cookie: not on the page, the old ?token= address, the API or the event stream', async () => {
    const answers = [
      await send('/'),
      await send(`/?token=${host.token}`),
      await send('/assets/app.js'),
      await send('/no/such/route'),
      await invoke(tab('c'.repeat(24))),
      await invoke({}),
      await send('/api/events'),
    ];
    for (const a of answers) expect(a.headers['set-cookie']).toBeUndefined();
    // The old address form is no longer an exchange: just the page, which finds no token in its fragment.
    expect(answers[1]!.status).toBe(200);
  });

  it('ignores malformed cookies another local site left for 127.0.0.1', async () => {
    // Cookies are not separated by port: any local web server can set these, and one bad value used to make every
    // request answer 500.
    const junk = 'other_app=%E0%A4%A; zj_sid=%; zj_token=%%; =novalue; x=%ZZ';
    const api = await invoke({ ...tab('j'.repeat(24)), Cookie: junk });
    expect(api.status).toBe(200);
    expect(JSON.parse(api.body)).toMatchObject({ ok: true });
    const page = await send('/', { headers: { Cookie: junk } });
    expect(page.status).toBe(200);
  });

  it('refuses an API call without a well-formed session id, in Chinese', async () => {
    for (const sid of [undefined, 'short', 'has space in it 1234567890', 'x'.repeat(65)]) {
      const headers: Record<string, string> = { 'X-Zongjian-Token': host.token };
      if (sid) headers['X-Zongjian-Session'] = sid;
      const res = await invoke(headers);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.message).toBe('缺少或无效的会话标识');
    }
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
    const res = await invoke({ ...tab('o'.repeat(24)), Origin: host.origin });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { initialized: false } });
  });

  it('gives each tab its own session: two tabs of one browser signed in as two people', async () => {
    const own = await newSetupApp();
    const h = await startHttpHost({ dispatcher: own.dispatcher, rendererDir: dir, port: 0 });
    try {
      const first = tab('tab-one-0123456789abcdef', h.token);
      const second = tab('tab-two-0123456789abcdef', h.token);
      const call = async (headers: Record<string, string>, name: string, args: unknown = {}) =>
        JSON.parse((await invoke(headers, name, args, h.port)).body) as {
          ok: boolean;
          value?: { user?: { username: string } | null };
          error?: { code: string };
        };
      expect(
        (await call(first, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).ok,
      ).toBe(true);
      expect(
        (
          await call(first, 'users.create', {
            username: 'keyuan',
            displayName: '张强',
            role: 'clerk',
            password: 'Clerk#2026',
          })
        ).ok,
      ).toBe(true);
      // The second tab is not signed in just because the first is.
      expect((await call(second, 'system.status')).value?.user ?? null).toBeNull();
      expect((await call(second, 'auth.login', { username: 'keyuan', password: 'Clerk#2026' })).ok).toBe(
        true,
      );
      expect((await call(first, 'system.status')).value?.user?.username).toBe('admin');
      expect((await call(second, 'system.status')).value?.user?.username).toBe('keyuan');
      // Signing out in one tab leaves the other signed in.
      await call(second, 'auth.logout');
      expect((await call(second, 'system.status')).value?.user ?? null).toBeNull();
      expect((await call(first, 'system.status')).value?.user?.username).toBe('admin');
    } finally {
      await h.close();
      await own.close();
    }
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await send('/..%2f..%2fzj-secret.txt', { headers: { 'X-Zongjian-Token': host.token } });
    expect(res.body).not.toContain('secret');
  });

  it('returns a Chinese VALIDATION envelope for bad JSON', async () => {
    const res = await send('/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...tab('b'.repeat(24)) },
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
        headers: { 'Content-Type': 'application/json', ...tab('e'.repeat(24), h.token) },
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
        headers: { 'Content-Type': 'application/json', ...tab('e'.repeat(24), h.token) },
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
