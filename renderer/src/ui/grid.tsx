// The project's ag-grid setup: Chinese locale, one theme, the bundled CJK font, and column state (widths,
// order, sort, hidden columns) remembered per grid on this machine.
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react';
import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type ColumnState,
  type GridApi,
  type GridReadyEvent,
} from 'ag-grid-community';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import { useCallback, useRef } from 'react';

ModuleRegistry.registerModules([AllCommunityModule]);

export const gridTheme = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 14,
  headerFontWeight: 600,
  rowHeight: 36,
  headerHeight: 38,
  accentColor: '#1f5fa8',
  headerBackgroundColor: '#eef2f8',
});

const stateKey = (id: string) => `zongjian.grid.${id}`;

export function DataGrid<T>(props: AgGridReactProps<T> & { gridId: string; height?: number | string }) {
  const { gridId, height, onGridReady, ...rest } = props;
  const apiRef = useRef<GridApi<T> | null>(null);
  const save = useCallback(() => {
    const api = apiRef.current;
    if (api && !api.isDestroyed())
      localStorage.setItem(stateKey(gridId), JSON.stringify(api.getColumnState()));
  }, [gridId]);
  return (
    <div className="grid-wrap" style={{ height: height ?? 'calc(100vh - 250px)' }} data-grid={gridId}>
      <AgGridReact<T>
        theme={gridTheme}
        localeText={AG_GRID_LOCALE_CN}
        defaultColDef={{ sortable: true, filter: true, resizable: true }}
        onGridReady={(e: GridReadyEvent<T>) => {
          apiRef.current = e.api;
          const saved = localStorage.getItem(stateKey(gridId));
          if (saved) e.api.applyColumnState({ state: JSON.parse(saved) as ColumnState[], applyOrder: true });
          onGridReady?.(e);
        }}
        onColumnResized={(e) => e.finished && save()}
        onColumnMoved={(e) => e.finished && save()}
        onSortChanged={save}
        onColumnVisible={save}
        {...rest}
      />
    </div>
  );
}
