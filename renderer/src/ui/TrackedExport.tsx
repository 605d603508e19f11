// An Excel export of a long register with its progress (issue 18 item 14): the export button's call gets a
// progressId, a determinate bar counts the rows written (第 k / n 行) with 取消, and the file is saved only when the
// export has finished. 取消 stops the export on the server (an export writes nothing, so stopping is safe): the
// bar goes, 已取消导出 says so and no file is saved. Used by every export of a list that can be tens of thousands
// of rows long (the directory registers, 操作日志).
import { useState, type ReactNode } from 'react';
import type { FileDownload } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { errorMessage, saveDownload } from '../api';
import { Notice } from './index';
import { ProgressBar, useTrackedCall } from './ProgressBar';
import { useToast } from './toast';

export function useTrackedExport() {
  const tracked = useTrackedCall();
  const toast = useToast();
  const [cancelled, setCancelled] = useState(false);

  /** Runs `make(progressId)` and saves the file it answers; 取消 or a failure saves nothing. */
  const start = async (make: (progressId: string) => Promise<FileDownload>): Promise<void> => {
    setCancelled(false);
    try {
      const file = await tracked.run(make);
      saveDownload(file);
      // The bar stays at its final count (第 n / n 行), saying the export is done.
      tracked.settle((p) => (p ? { ...p, what: `已导出 ${file.fileName}`, cancellable: false } : p));
    } catch (e) {
      if (e instanceof AppError && e.code === 'CANCELLED') setCancelled(true);
      else toast('error', errorMessage(e));
    }
  };

  /** The bar while the export runs (and at its final count after), or the notice that it was cancelled. */
  const view: ReactNode = cancelled ? (
    <Notice kind="info" title="已取消导出">
      导出在完成前被取消，未生成文件。需要时可再次导出。
    </Notice>
  ) : tracked.progress ? (
    <ProgressBar
      progress={tracked.progress}
      finished={!tracked.running}
      onCancel={() => void tracked.cancel()}
    />
  ) : null;

  return { start, running: tracked.running, view };
}
