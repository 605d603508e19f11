// Long calls' progress (db/core/progress.ts through the dispatcher): a window passes a progressId with its call and
// polls system.progress; only its own session sees or stops the call, 取消 works only where the call said stopping
// is safe, and the entry is gone once the call has ended.
import { afterEach, describe, expect, it } from 'vitest';
import { buildHandlers } from '../../db/app';
import type { Handlers } from '../../db/core/context';
import { AppError } from '../../shared/errors';
import { ProgressBoard } from '../../db/core/progress';
import { newSetupApp, type TestApp } from './helpers';

let app: TestApp | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const tick = () => new Promise((r) => setTimeout(r, 5));

/** A verification that reports 第 k / 100 条 and then waits, until it is cancelled or released. */
function slowVerify(release: { go: boolean }): Handlers {
  const real = buildHandlers();
  return {
    ...real,
    'credit.verify': async (input, ctx) => {
      for (let k = 0; ; k = Math.min(k + 10, 100)) {
        ctx.progress.report({ what: '正在校验信用台账', done: k, total: 100, cancellable: true });
        ctx.progress.throwIfCancelled();
        if (release.go) return real['credit.verify'](input, ctx);
        await tick();
      }
    },
  };
}

describe('progress of long calls', () => {
  it('is seen and cancelled only by the session that started the call, and ends at its final state', async () => {
    const release = { go: false };
    app = await newSetupApp({ handlers: slowVerify(release) });
    const id = 'abcdef0123456789';
    const running = app.call('credit.verify', { progressId: id }).then(
      () => 'finished',
      (e: unknown) => (e instanceof AppError ? e.code : String(e)),
    );
    let seen = await app.call('system.progress', { id });
    while (!seen || seen.done < 20) {
      await tick();
      seen = await app.call('system.progress', { id });
    }
    expect(seen).toMatchObject({ what: '正在校验信用台账', total: 100, unit: '条', cancellable: true });
    // Another window (another session key) neither sees it nor stops it, even with the same id.
    expect(await app.call('system.progress', { id }, 'someone-else')).toBeNull();
    expect(await app.call('system.progress', { id, cancel: true }, 'someone-else')).toBeNull();
    expect((await app.call('system.progress', { id }))?.cancelled).toBe(false);
    // Its own window stops it.
    expect((await app.call('system.progress', { id, cancel: true }))?.cancelled).toBe(true);
    expect(await running).toBe('CANCELLED');
    // Its last state stays readable for the window's last poll, no longer offering 取消.
    expect(await app.call('system.progress', { id })).toMatchObject({ cancelled: true, cancellable: false });

    // A bad id is refused with a Chinese message.
    await expect(app.call('system.progress', { id: 'x' })).rejects.toThrow('进度编号无效');

    // Left to finish: the real verdict, and the board is empty again.
    release.go = true;
    const done = await app.call('credit.verify', { progressId: 'fedcba9876543210' });
    expect(done.ok).toBe(true);
    // The new office's ledger is empty: its final report is 第 0 / 0 条.
    expect(await app.call('system.progress', { id: 'fedcba9876543210' })).toEqual({
      what: '正在校验信用台账',
      done: 0,
      total: 0,
      unit: '条',
      cancellable: false,
      cancelled: false,
    });
  });

  it('取消 does nothing to a call that did not say stopping is safe', () => {
    const board = new ProgressBoard(0);
    const call = board.begin('tab-1', 'restore012345678');
    call.control.report({ what: '正在恢复', done: 2, total: 5, unit: '步' });
    expect(board.poll('tab-1', 'restore012345678', true)).toMatchObject({
      done: 2,
      total: 5,
      cancelled: false,
    });
    expect(call.control.signal.aborted).toBe(false);
    expect(() => call.control.throwIfCancelled()).not.toThrow();
    // Once it says stopping is safe, the same request stops it.
    call.control.report({ what: '正在校验', done: 3, total: 5, unit: '步', cancellable: true });
    expect(board.poll('tab-1', 'restore012345678', true)?.cancelled).toBe(true);
    expect(() => call.control.throwIfCancelled()).toThrow('已取消');
    call.end();
    expect(board.size).toBe(0);
    // A call without an id is on nobody's board.
    board.begin('tab-1', null).control.report({ what: 'x', done: 1, total: 1 });
    expect(board.size).toBe(0);
  });
});
