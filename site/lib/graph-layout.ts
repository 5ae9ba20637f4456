// Positions for the global graph, computed once at build time so the browser only draws: a
// category-seeded start (each category its own disc) refined by a short force pass whose repulsion
// only looks at neighbouring grid cells, which keeps 10k nodes at well under a second.

export interface LayoutInput {
  /** Group (category) index per node. */
  groups: Int32Array;
  /** Edge endpoints, two node indices per edge. */
  edges: Int32Array;
}

const GOLDEN = Math.PI * (3 - Math.sqrt(5));

export function layoutGraph({ groups, edges }: LayoutInput, iterations = 60): Float32Array {
  const n = groups.length;
  const pos = new Float32Array(n * 2);
  if (n === 0) return pos;
  const groupCount = groups.reduce((m, g) => Math.max(m, g + 1), 0);
  const sizes = new Int32Array(groupCount);
  for (const g of groups) sizes[g]!++;

  // Group centres on a phyllotaxis spiral, spaced by their size; members on a spiral inside.
  const centres = new Float32Array(groupCount * 2);
  const order = [...sizes.keys()].sort((a, b) => sizes[b]! - sizes[a]!);
  order.forEach((g, k) => {
    const r = 14 * Math.sqrt(n) * Math.sqrt(k / Math.max(1, groupCount)) * 1.6;
    centres[g * 2] = r * Math.cos(k * GOLDEN);
    centres[g * 2 + 1] = r * Math.sin(k * GOLDEN);
  });
  const seen = new Int32Array(groupCount);
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    const k = seen[g]!++;
    const r = 10 * Math.sqrt(k + 0.5);
    pos[i * 2] = centres[g * 2]! + r * Math.cos(k * GOLDEN);
    pos[i * 2 + 1] = centres[g * 2 + 1]! + r * Math.sin(k * GOLDEN);
  }

  const ideal = 18;
  const cell = ideal * 2;
  const disp = new Float32Array(n * 2);
  for (let it = 0; it < iterations; it++) {
    const cool = 1 - it / iterations;
    disp.fill(0);
    // Local repulsion through a spatial hash.
    const grid = new Map<number, number[]>();
    const keyOf = (cx: number, cy: number) => (cx + 32768) * 65536 + (cy + 32768);
    for (let i = 0; i < n; i++) {
      const k = keyOf(Math.floor(pos[i * 2]! / cell), Math.floor(pos[i * 2 + 1]! / cell));
      const list = grid.get(k);
      if (list) list.push(i);
      else grid.set(k, [i]);
    }
    for (let i = 0; i < n; i++) {
      const x = pos[i * 2]!;
      const y = pos[i * 2 + 1]!;
      const cx = Math.floor(x / cell);
      const cy = Math.floor(y / cell);
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          const list = grid.get(keyOf(cx + dx, cy + dy));
          if (!list) continue;
          for (const j of list) {
            if (j <= i) continue;
            let ddx = x - pos[j * 2]!;
            let ddy = y - pos[j * 2 + 1]!;
            let d2 = ddx * ddx + ddy * ddy;
            if (d2 > cell * cell) continue;
            if (d2 < 0.01) {
              ddx = ((i * 7919) % 13) - 6 || 1;
              ddy = ((j * 104729) % 13) - 6 || 1;
              d2 = ddx * ddx + ddy * ddy;
            }
            const f = (ideal * ideal) / d2;
            disp[i * 2]! += ddx * f;
            disp[i * 2 + 1]! += ddy * f;
            disp[j * 2]! -= ddx * f;
            disp[j * 2 + 1]! -= ddy * f;
          }
        }
      }
    }
    // Springs along edges.
    for (let e = 0; e < edges.length; e += 2) {
      const a = edges[e]!;
      const b = edges[e + 1]!;
      const dx = pos[b * 2]! - pos[a * 2]!;
      const dy = pos[b * 2 + 1]! - pos[a * 2 + 1]!;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = (d - ideal) / d / 8;
      disp[a * 2]! += dx * f;
      disp[a * 2 + 1]! += dy * f;
      disp[b * 2]! -= dx * f;
      disp[b * 2 + 1]! -= dy * f;
    }
    // A weak pull to the node's category centre keeps categories readable as regions.
    const step = 6 * cool + 0.5;
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      disp[i * 2]! += (centres[g * 2]! - pos[i * 2]!) * 0.01;
      disp[i * 2 + 1]! += (centres[g * 2 + 1]! - pos[i * 2 + 1]!) * 0.01;
      const dx = disp[i * 2]!;
      const dy = disp[i * 2 + 1]!;
      const len = Math.sqrt(dx * dx + dy * dy);
      if (len === 0) continue;
      const move = Math.min(len, step) / len;
      pos[i * 2]! += dx * move;
      pos[i * 2 + 1]! += dy * move;
    }
  }
  return pos;
}
