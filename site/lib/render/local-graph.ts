// A page's neighbourhood as a static SVG (links out, links in, both), drawn at build time: it shows
// and navigates without JavaScript, and costs nothing on a 10k-page build.
import { escapeXml } from './chart-svg.ts';

export interface Neighbour {
  url: string;
  title: string;
  out: boolean;
  in: boolean;
}

const W = 420;
const H = 300;
export const LOCAL_GRAPH_LIMIT = 24;

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** `more`: neighbours left out beyond the ones given (the loader stores only the first LOCAL_GRAPH_LIMIT). */
export function localGraphSvg(title: string, neighbours: Neighbour[], more = 0): string {
  const shown = neighbours.slice(0, LOCAL_GRAPH_LIMIT);
  const hidden = neighbours.length - shown.length + more;
  const cx = W / 2;
  const cy = H / 2;
  const inner = shown.length > 12 ? 12 : shown.length;
  const nodes = shown.map((n, i) => {
    const ring = i < inner ? 0 : 1;
    const count = ring === 0 ? inner : shown.length - inner;
    const k = ring === 0 ? i : i - inner;
    const angle = (2 * Math.PI * k) / count - Math.PI / 2 + (ring ? Math.PI / count : 0);
    const r = ring === 0 ? 95 : 135;
    return { ...n, x: cx + r * 1.35 * Math.cos(angle), y: cy + r * Math.sin(angle) * 0.95 };
  });
  const edges = nodes
    .map((n) => `<line class="lg-edge${n.out && n.in ? ' both' : n.out ? ' out' : ' in'}" x1="${cx}" y1="${cy}" x2="${n.x.toFixed(1)}" y2="${n.y.toFixed(1)}"/>`)
    .join('');
  const dots = nodes
    .map(
      (n) =>
        `<a href="${escapeXml(n.url)}"><g class="lg-node${n.out && n.in ? ' both' : n.out ? ' out' : ' in'}"><title>${escapeXml(n.title)}</title><circle cx="${n.x.toFixed(1)}" cy="${n.y.toFixed(1)}" r="5"/><text x="${n.x.toFixed(1)}" y="${(n.y + 16).toFixed(1)}" text-anchor="middle">${escapeXml(truncate(n.title, 18))}</text></g></a>`,
    )
    .join('');
  const moreText = hidden > 0 ? `<text class="lg-more" x="${W - 8}" y="${H - 8}" text-anchor="end">+${hidden} more</text>` : '';
  return [
    `<svg class="local-graph" viewBox="0 0 ${W} ${H}" role="group" aria-label="${escapeXml(`Pages linked with ${title}`)}" xmlns="http://www.w3.org/2000/svg">`,
    edges,
    `<g class="lg-node self"><circle cx="${cx}" cy="${cy}" r="8"/><text x="${cx}" y="${cy + 22}" text-anchor="middle">${escapeXml(truncate(title, 24))}</text></g>`,
    dots,
    moreText,
    '</svg>',
  ].join('');
}
