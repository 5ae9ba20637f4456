// Draws the page's ```mermaid blocks (rendered as <pre class="mermaid"> holding the diagram's source).
// Mermaid is large, so this module only looks for diagrams; the library itself is one module shipped
// with the site (site/lib/render/mermaid-bundle.ts, never fetched from a CDN), loaded only by a page
// that has one.
// Mermaid runs with securityLevel 'strict': labels are sanitized and click handlers are off. The
// diagrams are redrawn in the other theme when the reader toggles dark mode.

declare const __KB_MERMAID__: string;

const blocks = [...document.querySelectorAll<HTMLElement>('pre.mermaid')];

function dark(): boolean {
  const theme = document.documentElement.dataset.theme;
  return theme ? theme === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
}

if (blocks.length) {
  const sources = blocks.map((b) => b.textContent ?? '');
  const { default: mermaid } = (await import(/* @vite-ignore */ __KB_MERMAID__)) as typeof import('mermaid');
  let drawnDark: boolean | null = null;
  const draw = async () => {
    const isDark = dark();
    if (isDark === drawnDark) return;
    drawnDark = isDark;
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: isDark ? 'dark' : 'default' });
    blocks.forEach((b, i) => {
      b.removeAttribute('data-processed');
      b.textContent = sources[i]!;
    });
    // A diagram that does not parse shows Mermaid's error drawing in its place, not a page error.
    await mermaid.run({ nodes: blocks, suppressErrors: true });
    blocks.forEach((b) => b.classList.add('mermaid-drawn'));
  };
  await draw();
  new MutationObserver(() => void draw()).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => void draw());
}

export {};
