// The import wizard's methods: inspect a file (its sheets, the header row, a proposed or remembered mapping),
// list the coded values to match, preview, and write all or nothing — plus the remembered mappings themselves.
import { IMPORT_REGISTER_LABELS, type ImportInspection, type ImportRegisterKey } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { defineHandlers, type HandlerContext } from '../core/context';
import {
  checkColumns,
  detectHeaderRow,
  fieldInfo,
  headerSignature,
  planImport,
  proposeColumns,
  sheetColumns,
  valueChoices,
  type ImportRegister,
  type Mapping,
} from '../core/import/engine';
import { workbookGrid, type SheetGrid, type WorkbookGrid } from '../core/import/grid';
import {
  findMapping,
  getMapping,
  listMappings,
  mappingFile,
  parseMappingFile,
  saveMapping,
} from './mappings';
import { IMPORT_REGISTER_DEFS } from './registers';

const TOP_ROWS = 12;

function pickSheet(grid: WorkbookGrid, name: string | undefined, def: ImportRegister): SheetGrid {
  if (name !== undefined) {
    const s = grid.sheets.find((x) => x.name === name);
    if (!s) throw new AppError('IMPORT_INVALID', `该文件中没有名为“${name}”的工作表`);
    return s;
  }
  // The first sheet where this register's header can be found; else the first one.
  return grid.sheets.find((s) => detectHeaderRow(s, def.fields) !== null) ?? grid.sheets[0]!;
}

async function openSheet(base64: string, register: ImportRegisterKey, sheetName: string, headerRow: number) {
  const def = IMPORT_REGISTER_DEFS[register];
  const grid = await workbookGrid(Buffer.from(base64, 'base64'));
  const sheet = pickSheet(grid, sheetName, def);
  if (headerRow > sheet.rows.length)
    throw new AppError(
      'IMPORT_INVALID',
      `工作表“${sheet.name}”只有 ${sheet.rows.length} 行，没有第 ${headerRow} 行`,
    );
  const columns = sheetColumns(sheet, headerRow);
  return { def, grid, sheet, columns };
}

function noHeaderProblem(def: ImportRegister, sheet: SheetGrid): string {
  const required = def.fields.filter((f) => f.required).map((f) => `“${f.name}”`);
  return `在工作表“${sheet.name}”的前 30 行中没有找到${def.label}的表头（应有${required.join('、')}等列）。请选择正确的工作表，或指定表头所在的行。`;
}

async function inspect(
  ctx: HandlerContext,
  input: {
    register: ImportRegisterKey;
    base64: string;
    sheet?: string | undefined;
    headerRow?: number | undefined;
  },
): Promise<ImportInspection> {
  const def = IMPORT_REGISTER_DEFS[input.register];
  const grid = await workbookGrid(Buffer.from(input.base64, 'base64'));
  const sheet = pickSheet(grid, input.sheet, def);
  const headerRow = input.headerRow ?? detectHeaderRow(sheet, def.fields);
  const base: ImportInspection = {
    register: input.register,
    sha256: grid.sha256,
    sheets: grid.sheets.map((s) => ({ name: s.name, rowCount: s.rows.length })),
    sheet: sheet.name,
    headerRow,
    problem: null,
    topRows: sheet.rows
      .slice(0, TOP_ROWS)
      .map((r) => r.slice(0, 26).map((c) => (c.length > 40 ? `${c.slice(0, 40)}…` : c))),
    columns: [],
    dataRowCount: 0,
    signature: null,
    fields: def.fields.map(fieldInfo),
    columnMap: Object.fromEntries(def.fields.map((f) => [f.name, null])),
    valueMap: {},
    remembered: null,
  };
  if (headerRow === null) return { ...base, problem: noHeaderProblem(def, sheet) };
  if (headerRow > sheet.rows.length)
    return { ...base, headerRow: null, problem: `工作表“${sheet.name}”只有 ${sheet.rows.length} 行` };
  const cols = sheetColumns(sheet, headerRow);
  const signature = headerSignature(cols.columns);
  const remembered = await findMapping(ctx.db, input.register, signature);
  let columnMap = proposeColumns(cols.columns, def.fields);
  if (remembered) {
    columnMap = Object.fromEntries(
      def.fields.map((f) => {
        const c = remembered.columns[f.name] ?? null;
        return [f.name, c !== null && cols.index.has(c) ? c : null];
      }),
    );
  }
  return {
    ...base,
    columns: cols.columns,
    dataRowCount: cols.dataRows.length,
    signature,
    columnMap,
    valueMap: remembered?.values ?? {},
    remembered,
  };
}

export const importHandlers = defineHandlers({
  'imports.inspect': async (input, ctx) => inspect(ctx, input),

  'imports.values': async ({ register, base64, sheet, headerRow, columns }) => {
    const opened = await openSheet(base64, register, sheet, headerRow);
    checkColumns(opened.def, opened.columns, columns);
    return valueChoices(opened.def, opened.columns, columns);
  },

  'imports.preview': async ({ register, base64, sheet, headerRow, columns, values }, ctx) => {
    const opened = await openSheet(base64, register, sheet, headerRow);
    return (await planImport(ctx, opened.def, opened.columns, { columns, values })).preview;
  },

  'imports.apply': async (input, ctx) => {
    const { register, base64, fileName, sheet, headerRow, columns, values, remember } = input;
    const opened = await openSheet(base64, register, sheet, headerRow);
    const mapping: Mapping = { columns, values };
    const { preview, plan } = await planImport(ctx, opened.def, opened.columns, mapping);
    if (preview.errorCount > 0)
      throw new AppError(
        'IMPORT_INVALID',
        `有 ${preview.errorCount} 行存在问题，未导入任何数据。请修改后重新导入。`,
        preview,
      );
    // The progress bar counts the rows (第 1,200 / 3,000 行); the import is one transaction, so it is not stopped
    // half-way (no 取消). Every 200 rows the event loop runs, so the window's poll and other windows are answered.
    const total = plan.rows.length;
    let done = 0;
    const what = `正在导入${opened.def.label}`;
    ctx.progress.report({ what, done, total, unit: '行' });
    await plan.write(async () => {
      done++;
      if (done % 200 === 0 || done === total) {
        ctx.progress.report({ what, done, total, unit: '行' });
        await new Promise<void>((r) => setImmediate(r));
      }
    });
    const signature = headerSignature(opened.columns.columns);
    if (remember)
      await saveMapping(ctx, {
        register,
        signature,
        name: fileName.replace(/\.xlsx$/i, ''),
        headers: opened.columns.columns.map((c) => c.key),
        mapping: {
          columns: Object.fromEntries(opened.def.fields.map((f) => [f.name, columns[f.name] ?? null])),
          values,
        },
        source: 'saved',
      });
    await ctx.audit({
      entity: opened.def.entity,
      entityId: null,
      summary: `从 ${fileName}（SHA-256 ${opened.grid.sha256}，工作表“${opened.sheet.name}”，表头第 ${headerRow} 行）导入${opened.def.label}：新增 ${preview.createCount}，更新 ${preview.updateCount}，未变 ${preview.unchangedCount}${remember ? '；已记住该表头的列与取值对应' : ''}`,
      after: {
        fileName,
        sha256: opened.grid.sha256,
        sheet: opened.sheet.name,
        headerRow,
        signature,
        mapping,
      },
    });
    return preview;
  },

  'imports.mappings': async ({ register }, ctx) => listMappings(ctx.db, register),

  'imports.exportMapping': async ({ id }, ctx) => mappingFile(await getMapping(ctx.db, id)),

  'imports.importMapping': async ({ fileName, base64 }, ctx) => {
    const m = parseMappingFile(base64);
    const def = IMPORT_REGISTER_DEFS[m.register];
    const unknown = Object.keys(m.columns).filter((n) => !def.fields.some((f) => f.name === n));
    if (unknown.length > 0)
      throw new AppError('IMPORT_INVALID', `导入对应中有${def.label}没有的字段：${unknown.join('、')}`);
    const saved = await saveMapping(ctx, {
      register: m.register,
      signature: m.signature,
      name: m.name,
      headers: m.headers,
      mapping: { columns: m.columns, values: m.values },
      source: 'imported',
    });
    await ctx.audit({
      entity: 'import_mapping',
      entityId: saved.id,
      summary: `从 ${fileName} 载入${IMPORT_REGISTER_LABELS[m.register]}的导入对应“${m.name}”`,
      after: saved,
    });
    return saved;
  },

  'imports.removeMapping': async ({ id }, ctx) => {
    const before = await getMapping(ctx.db, id);
    await ctx.db.deleteFrom('import_mappings').where('id', '=', id).execute();
    await ctx.audit({
      entity: 'import_mapping',
      entityId: id,
      summary: `删除${IMPORT_REGISTER_LABELS[before.register]}的导入对应“${before.name}”`,
      before,
    });
    return { id };
  },
});
