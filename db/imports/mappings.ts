// Remembered mappings: one per register and header layout. An import saves the mapping it used; the JSON form
// carries it to another district, whose wizard then recognises the same layout.
import { z } from 'zod';
import {
  IMPORT_REGISTERS,
  IMPORT_REGISTER_LABELS,
  type FileDownload,
  type ImportRegisterKey,
  type SavedImportMapping,
} from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { nowIso, requireActor, type HandlerContext } from '../core/context';
import type { Mapping } from '../core/import/engine';
import type { Kysely } from 'kysely';
import type { DB } from '../core/schema';

export const MAPPING_FORMAT = 'zongjian-import-mapping';

type Row = Awaited<ReturnType<ReturnType<typeof selectAll>['executeTakeFirstOrThrow']>>;
const selectAll = (db: Kysely<DB>) => db.selectFrom('import_mappings').selectAll();

function toMapping(r: Row): SavedImportMapping {
  return {
    id: r.id,
    register: r.register as ImportRegisterKey,
    signature: r.signature,
    name: r.name,
    headers: JSON.parse(r.headers_json) as string[],
    columns: JSON.parse(r.columns_json) as Record<string, string | null>,
    values: JSON.parse(r.values_json) as Record<string, Record<string, string>>,
    source: r.source,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export async function listMappings(
  db: Kysely<DB>,
  register?: ImportRegisterKey,
): Promise<SavedImportMapping[]> {
  let q = selectAll(db);
  if (register) q = q.where('register', '=', register);
  return (await q.orderBy('updated_at', 'desc').orderBy('id', 'desc').execute()).map(toMapping);
}

export async function findMapping(
  db: Kysely<DB>,
  register: ImportRegisterKey,
  signature: string,
): Promise<SavedImportMapping | null> {
  const r = await selectAll(db)
    .where('register', '=', register)
    .where('signature', '=', signature)
    .executeTakeFirst();
  return r ? toMapping(r) : null;
}

/** Saves (or replaces) the mapping of a register's header layout. */
export async function saveMapping(
  ctx: HandlerContext,
  m: {
    register: ImportRegisterKey;
    signature: string;
    name: string;
    headers: string[];
    mapping: Mapping;
    source: 'saved' | 'imported';
  },
): Promise<SavedImportMapping> {
  const actor = requireActor(ctx);
  const row = {
    name: m.name,
    headers_json: JSON.stringify(m.headers),
    columns_json: JSON.stringify(m.mapping.columns),
    values_json: JSON.stringify(m.mapping.values),
    source: m.source,
    updated_at: nowIso(ctx),
    updated_by: actor.displayName,
  };
  const held = await findMapping(ctx.db, m.register, m.signature);
  if (held) await ctx.db.updateTable('import_mappings').set(row).where('id', '=', held.id).execute();
  else
    await ctx.db
      .insertInto('import_mappings')
      .values({ register: m.register, signature: m.signature, ...row })
      .execute();
  return (await findMapping(ctx.db, m.register, m.signature))!;
}

export async function getMapping(db: Kysely<DB>, id: number): Promise<SavedImportMapping> {
  const r = await selectAll(db).where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND', '该导入对应不存在或已被删除');
  return toMapping(r);
}

export function mappingFile(m: SavedImportMapping): FileDownload {
  const body = {
    format: MAPPING_FORMAT,
    version: 1,
    register: m.register,
    registerLabel: IMPORT_REGISTER_LABELS[m.register],
    name: m.name,
    signature: m.signature,
    headers: m.headers,
    columns: m.columns,
    values: m.values,
  };
  return {
    fileName: `导入对应-${IMPORT_REGISTER_LABELS[m.register]}-${m.name}.json`.replace(
      /[\\/:*?"<>|\s]+/g,
      '_',
    ),
    mimeType: 'application/json',
    base64: Buffer.from(`${JSON.stringify(body, null, 2)}\n`, 'utf8').toString('base64'),
  };
}

const sharedMapping = z.object({
  format: z.literal(MAPPING_FORMAT),
  version: z.literal(1),
  register: z.enum(IMPORT_REGISTERS),
  name: z.string().trim().min(1).max(100),
  signature: z.string().regex(/^[0-9a-f]{16}$/),
  headers: z.array(z.string().max(300)).max(500),
  columns: z.record(z.string().max(60), z.string().max(300).nullable()),
  values: z.record(z.string().max(60), z.record(z.string().max(500), z.string().max(100))),
});

/** Reads a mapping exported by another district; anything but that exact shape is refused in Chinese. */
export function parseMappingFile(base64: string): z.infer<typeof sharedMapping> {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > 1024 * 1024) throw new AppError('IMPORT_INVALID', '导入对应文件过大（上限 1 MB）');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new AppError('IMPORT_INVALID', '该文件不是有效的 JSON 文件');
  }
  const parsed = sharedMapping.safeParse(json);
  if (!parsed.success) throw new AppError('IMPORT_INVALID', '该文件不是本程序导出的导入对应（格式不符）');
  return parsed.data;
}
