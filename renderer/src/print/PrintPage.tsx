// Print preview: the document alone on a sheet, with 返回 / 打印 / 保存为 PDF above it (hidden when printing).
// Chromium paginates it with the @page rules of print.css: the same engine in the desktop app and in tests.
import './print.css';
import { useQuery } from '@tanstack/react-query';
import { AppError } from '../../../shared/errors';
import { checklistListHtml, checklistProgressHtml } from '../../../shared/print/checklist';
import { todayIso } from '../../../shared/dates';
import { api, errorMessage, saveDownload } from '../api';
import { Button, Notice } from '../ui';
import { useToast } from '../ui/toast';

export function parsePrintRoute(route: string): { kind: string; params: URLSearchParams } {
  const [path, query] = route.split('?');
  return { kind: (path ?? '').replace(/^\/print\//, ''), params: new URLSearchParams(query ?? '') };
}

async function loadDocument(
  kind: string,
  params: URLSearchParams,
): Promise<{ html: string; fileName: string }> {
  const year = Number(params.get('year'));
  const office = await api.invoke('office.get', {});
  const header = { office: office.name, date: todayIso() };
  const list = await api.invoke('checklist.get', { year });
  if (!list) throw new AppError('NOT_FOUND', `${year} 年尚未建立任务清单`);
  if (kind === 'checklist-list') {
    const deptId = params.get('dept') ? Number(params.get('dept')) : undefined;
    const dept = deptId
      ? list.items.flatMap((i) => i.units).find((u) => u.departmentId === deptId)
      : undefined;
    return {
      html: checklistListHtml(list, header, deptId, dept?.shortName),
      fileName: `${year}年任务清单${dept ? `（${dept.shortName}）` : ''}.pdf`,
    };
  }
  if (kind === 'checklist-progress') {
    const quarter = Number(params.get('quarter')) as 1 | 2 | 3 | 4;
    const progress = await api.invoke('checklist.progress', { year, quarter });
    return {
      html: checklistProgressHtml(list, progress, header),
      fileName: `${year}年第${quarter}季度任务清单落实情况.pdf`,
    };
  }
  throw new AppError('NOT_FOUND', `未知的打印内容：${kind}`);
}

export function PrintPage({ route }: { route: string }) {
  const toast = useToast();
  const { kind, params } = parsePrintRoute(route);
  const doc = useQuery({ queryKey: ['print', route], queryFn: () => loadDocument(kind, params) });
  const savePdf = async () => {
    try {
      saveDownload(await api.invoke('platform.printToPdf', { fileName: doc.data!.fileName }));
    } catch (e) {
      toast('error', errorMessage(e));
    }
  };
  return (
    <div className="print-screen">
      <div className="print-toolbar" role="toolbar" aria-label="打印预览">
        <Button onClick={() => window.history.back()}>返回</Button>
        <Button variant="primary" disabled={!doc.data} onClick={() => window.print()}>
          打印
        </Button>
        <Button disabled={!doc.data} onClick={() => void savePdf()}>
          保存为 PDF
        </Button>
      </div>
      {doc.isError ? <Notice kind="error">{errorMessage(doc.error)}</Notice> : null}
      {doc.data ? <div data-print-ready="true" dangerouslySetInnerHTML={{ __html: doc.data.html }} /> : null}
    </div>
  );
}
