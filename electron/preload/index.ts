// The renderer's only door to the main process: one `invoke(name, args)` and one `on(event, cb)`.
// Never raw ipcRenderer, never Node APIs.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

contextBridge.exposeInMainWorld('zongjian', {
  transport: 'electron',
  invoke: (name: string, args: unknown): Promise<unknown> => ipcRenderer.invoke('zj:invoke', name, args),
  on: (event: string, cb: (payload: unknown) => void): (() => void) => {
    const channel = `zj:event:${event}`;
    const listener = (_e: IpcRendererEvent, payload: unknown) => cb(payload);
    ipcRenderer.on(channel, listener);
    return () => ipcRenderer.removeListener(channel, listener);
  },
});
