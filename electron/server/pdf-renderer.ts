// Server-side PDF rendering outside Electron (the browser host, the CLI, tests and the bench): the report's HTML
// printed by a Chromium-family browser already on the machine — Debian's Chromium here, Microsoft Edge or Google
// Chrome on Windows — driven by playwright-core. The same engine as the print preview, so the PDF in the package
// looks like what the office previewed. Electron renders with a hidden window of its own (electron/main).
//
// The browser is launched for a render and closed again a minute after the last one (`keepOpenMs`): signing a report
// renders it, and a secretary printing several documents in a row would otherwise wait for a browser's start each
// time (about a second of the three a signed report may take). Nothing keeps running between sessions of work.
// Each render has a context of its own. The page gets no network and runs no script of its own: the HTML carries
// everything it needs, and the one layout step (the 版记's place) is the app's code, evaluated from here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as Playwright from 'playwright-core';
import type { PdfRenderer } from '../../db/core/context';
import { AppError } from '../../shared/errors';
import { IMPRINT_EVALUATE } from '../../shared/print/official-layout';

/** Where a Chromium-family browser usually lives, best first. CHROMIUM_PATH (or ZONGJIAN_CHROMIUM) wins. */
export function chromiumCandidates(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const explicit = [env.ZONGJIAN_CHROMIUM, env.CHROMIUM_PATH].filter((p): p is string => Boolean(p));
  if (platform === 'win32') {
    const roots = [env['ProgramFiles(x86)'], env.ProgramFiles, env.LOCALAPPDATA].filter((p): p is string =>
      Boolean(p),
    );
    return [
      ...explicit,
      ...roots.map((r) => join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')),
      ...roots.map((r) => join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')),
    ];
  }
  if (platform === 'darwin')
    return [
      ...explicit,
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ];
  return [
    ...explicit,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
  ];
}

export function findChromium(): string | null {
  return chromiumCandidates().find((p) => existsSync(p)) ?? null;
}

type PlaywrightCore = typeof Playwright;

/** playwright-core is loaded at run time from the installation rather than bundled into out/main. */
async function loadPlaywright(): Promise<PlaywrightCore> {
  const name = 'playwright-core';
  try {
    return (await import(/* @vite-ignore */ name)) as PlaywrightCore;
  } catch (e) {
    throw new AppError(
      'UNSUPPORTED',
      `无法加载 playwright-core，不能在此环境生成 PDF：${(e as Error).message}`,
    );
  }
}

export function chromiumPdfRenderer(
  executablePath?: string,
  options: { keepOpenMs?: number } = {},
): PdfRenderer & { close(): Promise<void> } {
  const keepOpenMs = options.keepOpenMs ?? 0;
  let open: Promise<Playwright.Browser> | null = null;
  let rendering = 0;
  let closer: ReturnType<typeof setTimeout> | null = null;
  const launch = async (exe: string): Promise<Playwright.Browser> => {
    const { chromium } = await loadPlaywright();
    return chromium.launch({
      executablePath: exe,
      headless: true,
      args: [
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  };
  const acquire = (exe: string): Promise<Playwright.Browser> => {
    if (closer) clearTimeout(closer);
    closer = null;
    if (keepOpenMs <= 0) return launch(exe);
    if (!open) {
      const launched = launch(exe);
      open = launched;
      launched.then(
        (b) => b.on('disconnected', () => void (open === launched && (open = null))),
        () => void (open === launched && (open = null)),
      );
    }
    return open;
  };
  /** Closes the browser kept open, now. */
  const closeKept = async (): Promise<void> => {
    if (closer) clearTimeout(closer);
    closer = null;
    const b = open;
    open = null;
    await b?.then((x) => x.close()).catch(() => undefined);
  };
  const release = async (browser: Playwright.Browser): Promise<void> => {
    if (keepOpenMs <= 0) return browser.close();
    if (rendering > 0) return;
    closer = setTimeout(() => void closeKept(), keepOpenMs);
    closer.unref?.();
  };
  return {
    get engine() {
      return `Chromium（${executablePath ?? findChromium() ?? '未找到'}）`;
    },
    async render(html: string): Promise<Buffer> {
      const exe = executablePath ?? findChromium();
      if (!exe)
        throw new AppError(
          'UNSUPPORTED',
          '未找到 Microsoft Edge、Google Chrome 或 Chromium，无法生成 PDF。请安装其中之一，或用环境变量 CHROMIUM_PATH 指定其程序路径',
        );
      rendering++;
      let browser: Playwright.Browser;
      try {
        browser = await acquire(exe);
      } catch (e) {
        rendering--;
        throw e;
      }
      // The page's own scripts never run (the HTML carries office data); the only code is the app's own
      // layout step below, evaluated from here. Nothing but data: URLs loads.
      let context: Playwright.BrowserContext | null = null;
      try {
        context = await browser.newContext({
          offline: true,
          locale: 'zh-CN',
          javaScriptEnabled: false,
        });
        const page = await context.newPage();
        await page.route('**/*', (route) =>
          route.request().url().startsWith('data:') ? route.continue() : route.abort(),
        );
        await page.setContent(html, { waitUntil: 'load' });
        // The CJK faces load per glyph range: lay the text out first, then wait for every face it asked for.
        await page.evaluate('void document.body.offsetHeight; document.fonts.ready.then(() => true)');
        // 版记 at the foot of the last page (GB/T 9704), measured on the laid-out text.
        await page.evaluate(IMPRINT_EVALUATE);
        return await page.pdf({ preferCSSPageSize: true, printBackground: true });
      } finally {
        rendering--;
        await context?.close().catch(() => undefined);
        await release(browser);
      }
    },
    /** Closes a browser kept open now rather than after its idle time. */
    close: closeKept,
  };
}

let shared: PdfRenderer | null = null;

/** The default renderer of the browser host, the CLI and tests (one object; its browser closes a minute after the
 *  last render, and with the process). */
export function systemChromiumPdf(): PdfRenderer {
  shared ??= chromiumPdfRenderer(undefined, { keepOpenMs: 60_000 });
  return shared;
}
