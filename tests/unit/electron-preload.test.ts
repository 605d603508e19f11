// The preload (electron/preload) against a stand-in contextBridge and ipcRenderer: the page gets exactly
// invoke(name, args) and on(event, cb) (plus the transport's name), never ipcRenderer or the IPC event itself.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronFake, type ElectronFake } from './electron-fake';

const h = vi.hoisted(() => ({ fake: null as unknown as ElectronFake }));

vi.mock('electron', () => ({
  get contextBridge() {
    return h.fake.contextBridge;
  },
  get ipcRenderer() {
    return h.fake.ipcRenderer;
  },
}));

interface Bridge {
  transport: string;
  invoke(name: string, args: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

async function loadPreload(): Promise<{ fake: ElectronFake; bridge: Bridge }> {
  vi.resetModules();
  h.fake = createElectronFake();
  await import('../../electron/preload/index');
  return { fake: h.fake, bridge: h.fake.contextBridge.exposed.get('zongjian') as Bridge };
}

describe('preload', () => {
  let fake: ElectronFake;
  let bridge: Bridge;
  beforeEach(async () => {
    ({ fake, bridge } = await loadPreload());
  });

  it('exposes one object, with only invoke and on as functions', () => {
    expect(fake.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...fake.contextBridge.exposed.keys()]).toEqual(['zongjian']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'transport']);
    expect(bridge.transport).toBe('electron');
    const functions = Object.entries(bridge)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k)
      .sort();
    expect(functions).toEqual(['invoke', 'on']);
  });

  it('invoke sends the call on the one channel and returns the main process’s answer', async () => {
    const envelope = { ok: true, value: { initialized: true } };
    fake.ipcRenderer.invoke.mockResolvedValueOnce(envelope);
    await expect(bridge.invoke('system.status', { 名称: '越城区' })).resolves.toBe(envelope);
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('zj:invoke', 'system.status', { 名称: '越城区' });
  });

  it('on delivers only the payload of its event, and the returned function unsubscribes', () => {
    const got: unknown[] = [];
    const other: unknown[] = [];
    const off = bridge.on('data.changed', (p) => got.push(p));
    bridge.on('menu.navigate', (p) => other.push(p));
    expect(fake.ipcRenderer.on).toHaveBeenCalledWith('zj:event:data.changed', expect.any(Function));
    fake.ipcRenderer.deliver('zj:event:data.changed', { tables: ['departments'] });
    expect(got).toEqual([{ tables: ['departments'] }]); // the IPC event object never reaches the page
    expect(other).toEqual([]);
    expect(typeof off).toBe('function');
    off();
    expect(fake.ipcRenderer.removeListener).toHaveBeenCalledWith(
      'zj:event:data.changed',
      fake.ipcRenderer.on.mock.calls[0]![1],
    );
    expect(fake.ipcRenderer.listenerCount('zj:event:data.changed')).toBe(0);
    fake.ipcRenderer.deliver('zj:event:data.changed', { tables: ['users'] });
    expect(got).toHaveLength(1);
    fake.ipcRenderer.deliver('zj:event:menu.navigate', { path: '/settings' });
    expect(other).toEqual([{ path: '/settings' }]);
  });

  it('two subscriptions to one event are independent', () => {
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = bridge.on('session.ended', (p) => a.push(p));
    bridge.on('session.ended', (p) => b.push(p));
    offA();
    fake.ipcRenderer.deliver('zj:event:session.ended', { reason: '已锁定' });
    expect(a).toEqual([]);
    expect(b).toEqual([{ reason: '已锁定' }]);
  });
});
