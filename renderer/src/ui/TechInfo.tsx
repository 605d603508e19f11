// 技术信息: the words a technician needs (SHA-256, SM3, SM2, JSON, file formats, commands) folded away under one
// line on the pages people use every day, opened on demand. Kept out of ui/index.tsx so that any page can use it.
import type { ReactNode } from 'react';

export function TechInfo(props: { children: ReactNode; label?: string; className?: string }) {
  return (
    <details className={`tech-info${props.className ? ` ${props.className}` : ''}`}>
      <summary>{props.label ?? '技术信息'}</summary>
      <div className="tech-info-body">{props.children}</div>
    </details>
  );
}

/** A long explanation under a page title: one short line, the rest on demand. */
export function MoreInfo(props: { summary: ReactNode; children: ReactNode; label?: string }) {
  return (
    <details className="more-info">
      <summary>
        <span>{props.summary}</span> <span className="more-info-toggle">{props.label ?? '说明'}</span>
      </summary>
      <div className="more-info-body">{props.children}</div>
    </details>
  );
}

/** Explanations longer than this under a page title show their first sentence, the rest under 详细说明. */
const SHORT_NOTE = 40;

/** A page's subtitle: short ones whole; a long rule explanation as its first sentence and the rest on demand. */
export function PageNote({ text }: { text: string }) {
  const cut = firstSentenceEnd(text);
  if (text.length <= SHORT_NOTE || cut < 0 || cut >= text.length - 1) return <>{text}</>;
  const head = text.slice(0, cut) + '。';
  const rest = text.slice(cut + 1).trim();
  return (
    <MoreInfo summary={head} label="详细说明">
      {rest}
    </MoreInfo>
  );
}

/** Where the first sentence ends (its 。 outside brackets and quotes), or -1. */
function firstSentenceEnd(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '（' || c === '(' || c === '“' || c === '《') depth++;
    else if (c === '）' || c === ')' || c === '”' || c === '》') depth = Math.max(0, depth - 1);
    else if (depth === 0 && c === '。') return i;
  }
  return -1;
}
