// The shipped checklist templates (resources/templates/*.json) against the policy documents they were
// transcribed from. The seeds are parsed here, independently of the JSON, and every item is compared:
// order, code, title, full task text, ordered 责任单位, remark. The seeds are kept byte-exact in
// tests/fixtures/seeds/ (copies of the public documents, each marked 此件公开发布).
//
// The JSON keeps the documents' text as printed, including their irregularities, e.g. in 西政办发〔2022〕5号:
// （十二）/（十三） are printed with half-width brackets and half-width commas (the codes are normalised to
// full-width, the text is not); （二） reads “责任意识 and 专业化水平”; （二十） reads “加加大对典型案例” where a
// line break falls after 加. Correct these only against a corrected official source, never here alone.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ChecklistTemplate } from '../../shared/domain/checklist';

type Item = ChecklistTemplate['items'][number];
type ParsedItem = Omit<Item, 'seq'>;

const SEED_YUECHENG = 'tests/fixtures/seeds/003_765dd5937706de93.txt';
const SEED_XICHENG = 'tests/fixtures/seeds/001_839babde3c5026e2.txt';

// The fixtures are the evidence: pin them so that "fixing" a seed to match the JSON shows up.
const SEED_SHA256: Record<string, string> = {
  [SEED_YUECHENG]: 'eff0ac4acb6cce13c32e68c13ea1577941bd10546702ab0f87b8c625e4aaa342',
  [SEED_XICHENG]: 'a144b6ed87491d77b32e2e3d47c08cda3132b815405c5a2e31e95a6ccf6cab59',
};

const TEMPLATE_KEYS = ['id', 'name', 'document', 'issuer', 'leadRule', 'items'];
const ITEM_KEYS = ['seq', 'code', 'title', 'text', 'units', 'remark'];

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

function titleOf(text: string): string {
  return text.split('。')[0] ?? '';
}

/** A 责任单位 cell or line: split at 、, without the sentence-final 。 and without empty entries. */
function splitUnits(cell: string): string[] {
  return cell
    .replace(/。$/, '')
    .split('、')
    .filter((u) => u !== '');
}

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 21 → 二十一. */
function chineseNumeral(n: number): string {
  const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return (tens > 1 ? digits[tens] : '') + (tens > 0 ? '十' : '') + digits[ones];
}

/** 越政办发〔2020〕64号, 附件: a table whose cells are tab-indented lines, rows separated by blank lines. */
function parseYuecheng(seed: string): { items: ParsedItem[]; leadRule: string } {
  const lines = seed.split('\n');
  const start = lines.findIndex(
    (l, i) => l === '附件' && lines[i + 1] === '越城区医疗卫生行业综合监管工作清单',
  );
  if (start < 0) throw new Error('附件 not found in seed 003');
  const rows: string[][] = [];
  let row: string[] = [];
  let leadRule = '';
  for (const line of lines.slice(start + 2)) {
    if (line.startsWith('\t')) {
      row.push(line.slice(1));
      continue;
    }
    if (row.length > 0) rows.push(row);
    row = [];
    if (line.startsWith('备注：')) {
      leadRule = line.slice('备注：'.length);
      break;
    }
    if (line !== '') throw new Error(`unexpected line in the 附件 table: ${line}`);
  }
  const [header, ...body] = rows;
  expect(header).toEqual(['序号', '工作任务', '责任单位（参与部门）', '备注']);
  const items = body.map((cells) => {
    if (cells.length !== 4) throw new Error(`row with ${cells.length} cells: ${cells.join(' | ')}`);
    const [code = '', text = '', units = '', remark = ''] = cells;
    return { code, title: titleOf(text), text, units: splitUnits(units), remark };
  });
  return { items, leadRule };
}

/**
 * 西政办发〔2022〕5号: paragraphs separated by blank lines. A task starts with its code （一）…（二十一）
 * (a few printed with half-width brackets) and runs, over as many lines as the page breaks made, up to its
 * 责任部门/责任单位 line (full- or half-width colon), which may itself continue after a trailing 、.
 */
function parseXicheng(seed: string): { items: ParsedItem[]; leadRule: string } {
  const LEAD_NOTE = /（(第一个部门为牵头责任部门)，下同）/;
  const paragraphs = seed.split('\n').filter((l) => l !== '');
  const items: ParsedItem[] = [];
  let leadRule = '';
  let i = 0;
  for (;;) {
    const numeral = chineseNumeral(items.length + 1);
    const codeRe = new RegExp(`^[（(]${numeral}[）)]`);
    while (i < paragraphs.length && !codeRe.test(paragraphs[i] ?? '')) i++;
    if (i >= paragraphs.length) break;
    let text = (paragraphs[i] ?? '').replace(codeRe, '');
    i++;
    while (i < paragraphs.length && !/^责任(部门|单位)[：:]/.test(paragraphs[i] ?? '')) {
      text += paragraphs[i];
      i++;
    }
    if (i >= paragraphs.length) throw new Error(`（${numeral}） has no 责任部门 line`);
    let units = (paragraphs[i] ?? '').replace(/^责任(部门|单位)[：:]/, '');
    i++;
    while (units.endsWith('、') && i < paragraphs.length) {
      units += paragraphs[i];
      i++;
    }
    const note = LEAD_NOTE.exec(units);
    if (note) {
      leadRule = note[1] ?? '';
      units = units.replace(LEAD_NOTE, '');
    }
    items.push({ code: `（${numeral}）`, title: titleOf(text), text, units: splitUnits(units), remark: '' });
  }
  return { items, leadRule };
}

const cases = [
  {
    file: 'resources/templates/yuecheng-2020.json',
    seedPath: SEED_YUECHENG,
    parse: parseYuecheng,
    count: 25,
    meta: {
      id: 'yuecheng-2020',
      name: '越城区医疗卫生行业综合监管工作清单',
      document: '越政办发〔2020〕64号',
      issuer: '绍兴市越城区人民政府办公室',
    },
  },
  {
    file: 'resources/templates/xicheng-2022.json',
    seedPath: SEED_XICHENG,
    parse: parseXicheng,
    count: 21,
    meta: {
      id: 'xicheng-2022',
      name: '西城区医疗卫生行业综合监管工作任务',
      document: '西政办发〔2022〕5号',
      issuer: '北京市西城区人民政府办公室',
    },
  },
];

describe.each(cases)('$meta.id template vs its seed', ({ file, seedPath, parse, count, meta }) => {
  const raw = read(file);
  const template = JSON.parse(raw.replace(/^\uFEFF/, '')) as ChecklistTemplate;
  const seed = read(seedPath);
  const parsed = parse(seed);

  it('the seed fixture is the byte-exact public document', () => {
    expect(createHash('sha256').update(readFileSync(seedPath)).digest('hex')).toBe(SEED_SHA256[seedPath]);
  });

  it('is UTF-8 without BOM, pretty-printed with 2-space indent, exactly the agreed keys', () => {
    expect(raw.charCodeAt(0)).not.toBe(0xfeff);
    expect(raw).toBe(JSON.stringify(template, null, 2) + '\n');
    expect(Object.keys(template)).toEqual(TEMPLATE_KEYS);
    for (const item of template.items) expect(Object.keys(item), `item ${item.seq}`).toEqual(ITEM_KEYS);
  });

  it('names the document and issuer as the seed does', () => {
    expect(template).toMatchObject(meta);
    expect(seed).toContain(template.document);
    expect(seed).toContain(template.issuer);
  });

  it('takes its lead rule from the seed', () => {
    expect(template.leadRule).not.toBe('');
    expect(template.leadRule).toBe(parsed.leadRule);
    expect(seed).toContain(template.leadRule);
  });

  it(`has the seed's ${count} items in order`, () => {
    expect(parsed.items).toHaveLength(count);
    expect(template.items).toHaveLength(count);
    expect(template.items.map((it) => it.seq)).toEqual(parsed.items.map((_, i) => i + 1));
    expect(template.items.map((it) => it.code)).toEqual(parsed.items.map((it) => it.code));
  });

  it('transcribes every item exactly: title, full text, ordered units, remark', () => {
    parsed.items.forEach((want, i) => {
      const got = template.items[i];
      const at = `${meta.id} ${want.code}`;
      expect(got, at).toBeDefined();
      if (!got) return;
      expect(got.code, `${at} code`).toBe(want.code);
      expect(got.title, `${at} title`).toBe(want.title);
      expect(got.title, `${at} title is the text before the first 。`).toBe(titleOf(got.text));
      expect(got.text, `${at} text`).toBe(want.text);
      expect(got.units, `${at} units`).toEqual(want.units);
      expect(got.remark, `${at} remark`).toBe(want.remark);
    });
  });

  it('gives every item a lead unit and no blank or padded names', () => {
    for (const item of template.items) {
      expect(item.units.length, `item ${item.code}`).toBeGreaterThan(0);
      for (const unit of item.units) {
        expect(unit, `item ${item.code}`).toBe(unit.trim());
        expect(unit, `item ${item.code}`).not.toBe('');
        expect(unit, `item ${item.code}`).not.toMatch(/[、。]/);
      }
    }
  });
});

describe('seed specifics the parsers rely on', () => {
  it('越城: remarks are 持续推进 except item 2 (协商每年不少于1次); item 2 splits 各镇人民政府、街道办事处', () => {
    const { items } = parseYuecheng(read(SEED_YUECHENG));
    expect(items.filter((it) => it.remark !== '持续推进').map((it) => [it.code, it.remark])).toEqual([
      ['2', '协商每年不少于1次'],
    ]);
    expect(items[1]?.units.slice(-2)).toEqual(['各镇人民政府', '街道办事处']);
  });

  it('西城: （二） has 责任单位, （十一） continues its 责任部门 after a trailing 、, （十二） uses a half-width colon', () => {
    const { items } = parseXicheng(read(SEED_XICHENG));
    expect(items[1]?.units).toEqual(['各级各类医疗卫生机构']);
    expect(items[10]?.units).toHaveLength(8);
    expect(items[10]?.units.at(-1)).toBe('区城管执法局');
    expect(items[11]?.units[0]).toBe('区卫生健康委');
    expect(items[0]?.units).toEqual(['区委组织部', '区卫生健康委']);
    expect(items[20]?.units.at(-1)).toBe('各街道办事处等各相关部门');
  });
});
