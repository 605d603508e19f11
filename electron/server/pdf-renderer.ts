// Server-side PDF rendering outside Electron (the browser host, the CLI, tests and the bench): the report's HTML
// printed by a Chromium-family browser already on the machine — Debian's Chromium here, Microsoft Edge or Google
// Chrome on Windows — driven by playwright-core. The same engine as the print preview, so the PDF in the package
// looks like what the office previewed. Electron renders with a hidden window of its own (electron/main).
//
// The browser is launched for a render and closed again a minute after the last one (`keepOpenMs`): signing a report
// renders it, and a secretary printing several documents in a row would otherwise wait for a browser's start each
// time (about a second of the three a signed report may take). Nothing keeps running between sessions of work.
// Kept open, it also keeps one print page (a render that finds it busy gets a context of its own). The page gets no
// network and runs no script of its own: the HTML carries everything it needs but the bundled font files, which
// it reads from where they are installed (file: URLs in those folders only), and the one layout step (the 版记's
// place) is the app's code, evaluated from here.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Playwright from 'playwright-core';
import type { PdfRenderer } from '../../db/core/context';
import { AppError } from '../../shared/errors';
import { fontDirs } from '../../db/core/print-fonts';
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

/** A page that prints office data: no script of its own, no network, and no file but the bundled fonts and its own
 *  blank start page (a file: document, so that the font files' file: URLs may load in it). */
async function printPage(browser: Playwright.Browser, blank: string, allowedDirs: string[]) {
  const context = await browser.newContext({ offline: true, locale: 'zh-CN', javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.route('**/*', (route) => {
      const url = route.request().url();
      return url.startsWith('data:') || fileAllowed(url, blank, allowedDirs)
        ? route.continue()
        : route.abort();
    });
    await page.goto(pathToFileURL(blank).href);
    return { context, page };
  } catch (e) {
    await context.close().catch(() => undefined);
    throw e;
  }
}

/** A file: URL the print page may load: its blank start page, or a file directly inside a font folder. */
export function fileAllowed(url: string, blank: string, allowedDirs: readonly string[]): boolean {
  if (!url.startsWith('file:')) return false;
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    return false;
  }
  if (path !== normalize(path)) return false;
  return path === blank || allowedDirs.includes(dirname(path));
}

export function chromiumPdfRenderer(
  executablePath?: string,
  options: { keepOpenMs?: number } = {},
): PdfRenderer & { close(): Promise<void> } {
  const keepOpenMs = options.keepOpenMs ?? 0;
  // The font folders, found when first needed (reading the font packages' CSS is not work for the app's start).
  let fontFolders: string[] | null = null;
  const allowedDirs = (): string[] => (fontFolders ??= fontDirs());
  /** The kept browser, and its one print page reused render after render (a render that finds it busy has a
   *  context of its own). */
  let open: Promise<{ browser: Playwright.Browser; blankDir: string }> | null = null;
  let keptPage: Promise<{ context: Playwright.BrowserContext; page: Playwright.Page }> | null = null;
  let keptBusy = false;
  let rendering = 0;
  let closer: ReturnType<typeof setTimeout> | null = null;
  const launch = async (exe: string): Promise<{ browser: Playwright.Browser; blankDir: string }> => {
    const { chromium } = await loadPlaywright();
    const blankDir = mkdtempSync(join(tmpdir(), 'zj-print-'));
    writeFileSync(join(blankDir, 'blank.html'), '<!doctype html><meta charset="utf-8"><title></title>');
    try {
      const browser = await chromium.launch({
        executablePath: exe,
        headless: true,
        args: [
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
        ],
      });
      browser.on('disconnected', () => rmSync(blankDir, { recursive: true, force: true }));
      return { browser, blankDir };
    } catch (e) {
      rmSync(blankDir, { recursive: true, force: true });
      throw e;
    }
  };
  const acquire = (exe: string): Promise<{ browser: Playwright.Browser; blankDir: string }> => {
    if (closer) clearTimeout(closer);
    closer = null;
    if (keepOpenMs <= 0) return launch(exe);
    if (!open) {
      const launched = launch(exe);
      open = launched;
      const forget = () => {
        if (open !== launched) return;
        open = null;
        keptPage = null;
      };
      launched.then((b) => b.browser.on('disconnected', forget), forget);
    }
    return open;
  };
  /** Closes the browser kept open, now. */
  const closeKept = async (): Promise<void> => {
    if (closer) clearTimeout(closer);
    closer = null;
    const b = open;
    open = null;
    keptPage = null;
    await b?.then((x) => x.browser.close()).catch(() => undefined);
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
    /** The font files from where they are installed, unless they are inside the packaged app's archive (which
     *  only the app's own processes can read). */
    fontUrl(file: string): string | null {
      if (/\.asar[\\/]/i.test(file) || !allowedDirs().includes(dirname(file))) return null;
      return pathToFileURL(file).href;
    },
    async render(html: string): Promise<Buffer> {
      const exe = executablePath ?? findChromium();
      if (!exe)
        throw new AppError(
          'UNSUPPORTED',
          '未找到 Microsoft Edge、Google Chrome 或 Chromium，无法生成 PDF。请安装其中之一，或用环境变量 CHROMIUM_PATH 指定其程序路径',
        );
      rendering++;
      let opened: { browser: Playwright.Browser; blankDir: string };
      try {
        opened = await acquire(exe);
      } catch (e) {
        rendering--;
        throw e;
      }
      const { browser, blankDir } = opened;
      const blank = join(blankDir, 'blank.html');
      // The page's own scripts never run (the HTML carries office data); the only code is the app's own
      // layout step below, evaluated from here. Nothing loads but data: URLs and the bundled font files.
      // Kept open, the browser keeps one print page for render after render: a new context and page cost about
      // 150 ms a render. Each render replaces the page's whole document.
      const reuse = keepOpenMs > 0 && !keptBusy;
      if (reuse) keptBusy = true;
      let own: { context: Playwright.BrowserContext; page: Playwright.Page } | null = null;
      let failed = false;
      try {
        let page: Playwright.Page;
        if (reuse) {
          keptPage ??= printPage(browser, blank, allowedDirs());
          page = (await keptPage).page;
        } else {
          own = await printPage(browser, blank, allowedDirs());
          page = own.page;
        }
        await page.setContent(html, { waitUntil: 'load' });
        // The CJK faces load per glyph range: lay the text out first, then wait for every face it asked for.
        await page.evaluate('void document.body.offsetHeight; document.fonts.ready.then(() => true)');
        // 版记 at the foot of the last page (GB/T 9704), measured on the laid-out text.
        await page.evaluate(IMPRINT_EVALUATE);
        return await page.pdf({ preferCSSPageSize: true, printBackground: true });
      } catch (e) {
        failed = true;
        throw e;
      } finally {
        rendering--;
        if (reuse) {
          keptBusy = false;
          // A page that failed is not used again: the next render starts a fresh one.
          if (failed) {
            const dropped = keptPage;
            keptPage = null;
            await dropped?.then((k) => k.context.close()).catch(() => undefined);
          }
        }
        await own?.context.close().catch(() => undefined);
        await release(browser);
      }
    },
    /** Closes a browser kept open now rather than after its idle time. */
    close: closeKept,
  };
}

let shared: (PdfRenderer & { close(): Promise<void> }) | null = null;

/** The default renderer of the browser host, the CLI and tests (one object; its browser closes a minute after the
 *  last render, and with the process). */
export function systemChromiumPdf(): PdfRenderer & { close(): Promise<void> } {
  shared ??= chromiumPdfRenderer(undefined, { keepOpenMs: 60_000 });
  return shared;
}
