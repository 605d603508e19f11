// Long work shows its progress (issue 18 item 14), as the office meets it at 1366×768:
// - 校验台账 on a ten-year ledger (the demo district's, grown to 200,000 entries written with the app's own SM3
//   chain, as the bench writes them): the bar counts the entries (第 k / n 条) with 取消; 取消 stops it with
//   “已取消校验” and nothing changed (the chain head is as it was, no verdict is shown); run again it goes to the end.
// - 签发 of the demo's draft quarterly summary: a determinate bar through the signing steps (第 k / n 步) that says
//   what is being done, without 取消 (signing is not safe to stop part-way).
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { entryHash, type LedgerRow } from '../../db/credit/ledger';
import { DEMO_SIGNING_PASSPHRASE } from '../../db/reports/demo';
import { SIGN_STEPS } from '../../shared/domain/report-package';
import { test, expect, keepScreenshot, login, openSection, seedDemo, startHost, TEST_NOW } from './fixtures';

const GROWN_TO = 200_000;

/** Appends entries to the data file's ledger until it holds `total`, each hashed onto the one before with the
 *  app's own entryHash (the chain verifies), recorded between the demo's last entry and "now". */
function growLedger(file: string, total: number): number {
  const db = new Database(file);
  try {
    const head = db
      .prepare('select seq, hash, recorded_at from credit_ledger order by seq desc limit 1')
      .get() as { seq: number; hash: string; recorded_at: string };
    const subjects = db.prepare('select id, name, uscc from institutions order by id').all() as {
      id: number;
      name: string;
      uscc: string;
    }[];
    const recorder = db
      .prepare(`select id, display_name, username from users where username = 'admin'`)
      .get() as {
      id: number;
      display_name: string;
      username: string;
    };
    const from = Date.parse(head.recorded_at);
    const step = Math.max(1, Math.floor((Date.parse(TEST_NOW) - 60_000 - from) / (total - head.seq + 1)));
    const sample: Omit<LedgerRow, 'hash'> = {
      seq: 0,
      recorded_at: '',
      recorder_id: recorder.id,
      recorder_name: `${recorder.display_name}（${recorder.username}）`,
      subject_kind: 'institution',
      subject_id: 0,
      subject_name: '',
      subject_code: '',
      type: 'commendation',
      fact_date: '',
      outcome: null,
      behaviour_code: null,
      behaviour_name: null,
      points: null,
      basis: '',
      source_kind: null,
      source_id: null,
      amends_seq: null,
      text: '年度校验材料齐全，校验合格，予以表扬。',
      attachments: '[]',
      prev_hash: '',
    };
    const cols = Object.keys(sample).concat('hash');
    const insert = db.prepare(
      `insert into credit_ledger (${cols.join(',')}) values (${cols.map((c) => `@${c}`).join(',')})`,
    );
    let prev = head.hash;
    db.transaction(() => {
      for (let seq = head.seq + 1; seq <= total; seq++) {
        const s = subjects[seq % subjects.length]!;
        const at = new Date(from + (seq - head.seq) * step).toISOString();
        const row: Omit<LedgerRow, 'hash'> = {
          ...sample,
          seq,
          recorded_at: at,
          subject_id: s.id,
          subject_name: s.name,
          subject_code: s.uscc,
          fact_date: at.slice(0, 10),
          prev_hash: prev,
        };
        const hash = entryHash(row);
        insert.run({ ...row, hash });
        prev = hash;
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return head.seq;
  } finally {
    db.close();
  }
}

test('校验台账 on 200,000 entries: the bar counts them, 取消 stops it and changes nothing, a second run finishes', async ({
  page,
  dataDir,
}, testInfo) => {
  test.setTimeout(240_000);
  seedDemo(dataDir);
  const demoEntries = growLedger(join(dataDir, 'zongjian.db'), GROWN_TO);
  expect(demoEntries).toBeGreaterThan(0);
  const { host, child } = await startHost(dataDir);
  try {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(host.url);
    await login(page, 'admin');
    await openSection(page, '信用台账');
    const head = page.getByTestId('chain-head');
    const all = GROWN_TO.toLocaleString('zh-CN');
    await expect(head).toContainText(`共 ${GROWN_TO} 条`);

    await page.getByRole('button', { name: '校验台账' }).click();
    const bar = page.getByTestId('progress');
    // 取消 is offered as soon as the check is under way (it only reads); it is pressed at once.
    const cancel = bar.getByRole('button', { name: '取消' });
    await expect(cancel).toBeVisible();
    await expect(page.getByRole('button', { name: '校验中…' })).toBeDisabled();
    await cancel.click();

    // Stopped: said in Chinese, no verdict, the bar gone, the button back, the ledger as it was.
    await expect(page.getByText('已取消校验')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText('校验在完成前被取消，台账未做任何改动')).toBeVisible();
    await expect(bar).toHaveCount(0);
    await expect(page.getByText('校验通过')).toHaveCount(0);
    await expect(page.getByText(/校验未通过/)).toHaveCount(0);
    await expect(page.getByRole('button', { name: '校验台账' })).toBeEnabled();
    await expect(head).toContainText(`共 ${GROWN_TO} 条`);
    await keepScreenshot(page, testInfo, 'progress-verify-cancelled');

    // Run again and left alone: a determinate bar over all the entries (第 k / 200,000 条), then the verdict, the
    // bar at n / n and no 取消 once it is over.
    await page.getByRole('button', { name: '校验台账' }).click();
    await expect(page.getByText('已取消校验')).toHaveCount(0);
    await expect(bar.getByTestId('progress-count')).toHaveText(
      new RegExp(`^第 [\\d,]+ / ${all} 条（\\d+%）$`),
    );
    await expect(bar.getByRole('progressbar')).toHaveAttribute('aria-valuemax', String(GROWN_TO));
    await keepScreenshot(page, testInfo, 'progress-verify-running');
    await expect(page.getByText('校验通过')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('progress-count')).toHaveText(`第 ${all} / ${all} 条（100%）`);
    await expect(bar.getByRole('button', { name: '取消' })).toHaveCount(0);
  } finally {
    child.kill('SIGTERM');
  }
});

test('签发 shows a determinate bar through its steps, saying what it does, with no 取消', async ({
  page,
  seeded,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(seeded.url);
  await login(page, 'lingdao');
  await openSection(page, '报告上报');
  // The demo's summary for this quarter, in draft.
  const q4 = page
    .getByRole('table', { name: '应报报告' })
    .getByRole('row')
    .filter({ hasText: '2026年第四季度' });
  await q4.getByRole('button', { name: /^打开/ }).click();
  await page.getByRole('button', { name: '签发…' }).click();
  const dialog = page.getByRole('dialog', { name: '签发报告' });
  await dialog.getByLabel('签名口令').fill(DEMO_SIGNING_PASSPHRASE);
  // Everything the bar says while it signs.
  await page.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { seenProgress: string[] }).seenProgress = seen;
    new MutationObserver(() => {
      const line = document.querySelector('[data-testid="progress"]')?.textContent ?? '';
      if (line && seen.at(-1) !== line) seen.push(line);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await dialog.getByRole('button', { name: '签发' }).click();

  // While it signs: a bar with a known end (第 k / n 步), what it is doing, and no 取消.
  const bar = dialog.getByTestId('progress');
  const meter = bar.getByRole('progressbar');
  await expect(meter).toHaveAttribute('aria-valuemax', String(SIGN_STEPS));
  await expect(meter).toHaveAttribute('aria-valuenow', /^\d+$/);
  await expect(bar.getByTestId('progress-count')).toHaveText(
    new RegExp(`^第 \\d+ / ${SIGN_STEPS} 步（\\d+%）$`),
  );
  await expect(bar.locator('.progress-what')).toHaveText(
    /^正在(核对签名口令|汇总报告数据|生成 PDF|计算信用台账默克尔根|计算文件摘要（SM3）|用本单位密钥签名|保存数据包)/,
  );
  await expect(bar.getByRole('button', { name: '取消' })).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: '正在生成并签名…' })).toBeDisabled();
  await keepScreenshot(page, testInfo, 'progress-signing');

  await expect(dialog).toHaveCount(0, { timeout: 90_000 });
  await expect(page.locator('.report-head')).toContainText('已签发');
  // The steps only went forward, each naming what it did.
  const seen = await page.evaluate(() => (globalThis as unknown as { seenProgress: string[] }).seenProgress);
  const steps = seen.map((l) => {
    const m = new RegExp(`^(正在.+|签发完成)第 (\\d+) / ${SIGN_STEPS} 步（\\d+%）$`).exec(l);
    expect(m, l).not.toBeNull();
    return Number(m![2]);
  });
  expect(steps.length).toBeGreaterThan(0);
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
});
