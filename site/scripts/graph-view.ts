// Draws the global graph on a canvas: one batched path for all edges, nodes bucketed by colour, a
// spatial grid for hit-testing, and redraws only when the view changes (one per animation frame).

interface GraphData {
  groups: string[];
  nodes: [url: string, title: string, group: number, x: number, y: number, degree: number][];
  edges: number[];
}

const COLOURS = ['--s0', '--s1', '--s2', '--s3', '--s4', '--s5', '--s6', '--s7'];

export async function mountGraph(root: HTMLElement) {
  const canvas = root.querySelector('canvas')!;
  const tip = root.querySelector<HTMLElement>('.graph-tip')!;
  const info = document.getElementById('graph-info');
  const find = document.getElementById('graph-find') as HTMLInputElement | null;
  const response = await fetch(root.dataset.src!);
  const data = (await response.json()) as GraphData;
  const n = data.nodes.length;
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  const radius = new Float32Array(n);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  data.nodes.forEach(([, , , x, y, d], i) => {
    xs[i] = x;
    ys[i] = y;
    radius[i] = 2 + Math.min(6, Math.sqrt(d));
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  });
  if (info) info.textContent = `${n} pages · ${data.edges.length / 2} links · drag to pan, scroll to zoom, click to open`;

  // Hit-testing grid in graph coordinates.
  const CELL = 24;
  const grid = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = `${Math.floor(xs[i]! / CELL)},${Math.floor(ys[i]! / CELL)}`;
    (grid.get(k) ?? grid.set(k, []).get(k)!).push(i);
  }

  const ctx = canvas.getContext('2d')!;
  let dpr = 1, width = 1, height = 1;
  let scale = 1, tx = 0, ty = 0;
  let hover = -1;
  let highlight: Set<number> | null = null;
  let queued = false;

  const fit = () => {
    const w = maxX - minX || 1;
    const h = maxY - minY || 1;
    scale = Math.min(width / w, height / h) * 0.92;
    tx = width / 2 - ((minX + maxX) / 2) * scale;
    ty = height / 2 - ((minY + maxY) / 2) * scale;
  };
  const resize = () => {
    dpr = window.devicePixelRatio || 1;
    width = canvas.clientWidth;
    height = canvas.clientHeight;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    draw('scene');
  };
  const colour = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

  // The full scene (every edge, node and label) is drawn into an offscreen canvas only when the view
  // settles; while the reader pans or zooms, that bitmap is just moved and scaled, so each frame
  // costs one drawImage whatever the size of the vault.
  const scene = document.createElement('canvas');
  const sctx = scene.getContext('2d')!;
  let sceneScale = 1, sceneTx = 0, sceneTy = 0, sceneReady = false;
  let settle = 0;

  function drawScene() {
    scene.width = canvas.width;
    scene.height = canvas.height;
    sceneScale = scale; sceneTx = tx; sceneTy = ty;
    const palette = COLOURS.map(colour);
    const g = sctx;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, width, height);
    g.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * tx, dpr * ty);
    g.lineWidth = 0.6 / scale;
    g.strokeStyle = colour('--border');
    g.globalAlpha = highlight ? 0.25 : 0.8;
    g.beginPath();
    for (let e = 0; e < data.edges.length; e += 2) {
      const a = data.edges[e]!;
      const b = data.edges[e + 1]!;
      g.moveTo(xs[a]!, ys[a]!);
      g.lineTo(xs[b]!, ys[b]!);
    }
    g.stroke();
    g.globalAlpha = 1;
    // Node size in screen pixels grows only with the square root of the zoom, so zooming in separates nodes.
    const size = 1 / Math.sqrt(scale);
    const minR = 1.5 / scale;
    const dot = (i: number) => {
      const r = Math.max(radius[i]! * size, minR);
      if (r * scale < 2) g.rect(xs[i]! - r, ys[i]! - r, 2 * r, 2 * r);
      else {
        g.moveTo(xs[i]! + r, ys[i]!);
        g.arc(xs[i]!, ys[i]!, r, 0, Math.PI * 2);
      }
    };
    const byColour: number[][] = COLOURS.map(() => []);
    const dimmed: number[] = [];
    for (let i = 0; i < n; i++) {
      if (highlight && !highlight.has(i)) dimmed.push(i);
      else byColour[data.nodes[i]![2] % COLOURS.length]!.push(i);
    }
    if (dimmed.length) {
      g.fillStyle = colour('--muted');
      g.globalAlpha = 0.3;
      g.beginPath();
      dimmed.forEach(dot);
      g.fill();
      g.globalAlpha = 1;
    }
    byColour.forEach((list, c) => {
      g.fillStyle = palette[c]!;
      g.beginPath();
      list.forEach(dot);
      g.fill();
    });
    // Labels only when zoomed in far enough to read them, and only for nodes on screen.
    if (scale > 1.6) {
      g.fillStyle = colour('--fg');
      g.font = `${12 / scale}px sans-serif`;
      const x0 = -tx / scale, y0 = -ty / scale, x1 = (width - tx) / scale, y1 = (height - ty) / scale;
      for (let i = 0; i < n; i++) {
        if (xs[i]! < x0 || xs[i]! > x1 || ys[i]! < y0 || ys[i]! > y1) continue;
        g.fillText(data.nodes[i]![1], xs[i]! + radius[i]! * size + 2 / scale, ys[i]! + 4 / scale);
      }
    }
    sceneReady = true;
  }

  function present() {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    const k = scale / sceneScale;
    ctx.setTransform(k, 0, 0, k, dpr * (tx - sceneTx * k), dpr * (ty - sceneTy * k));
    ctx.drawImage(scene, 0, 0);
    if (hover >= 0) {
      const size = 1 / Math.sqrt(scale);
      ctx.setTransform(dpr * scale, 0, 0, dpr * scale, dpr * tx, dpr * ty);
      ctx.strokeStyle = colour('--fg');
      ctx.lineWidth = 2 / scale;
      ctx.beginPath();
      ctx.arc(xs[hover]!, ys[hover]!, radius[hover]! * size + 2 / scale, 0, Math.PI * 2);
      ctx.stroke();
    }
  }

  /**
   * `scene`: what is drawn changed (size, theme, highlight); `view`: the reader panned or zoomed, so
   * the scene is redrawn sharp once they stop; `overlay`: only the hover ring moved.
   */
  function draw(kind: 'scene' | 'view' | 'overlay' = 'view') {
    if (kind === 'scene') sceneReady = false;
    if (kind !== 'overlay') {
      window.clearTimeout(settle);
      settle = window.setTimeout(() => {
        drawScene();
        present();
      }, sceneReady ? 150 : 0);
    }
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      if (!sceneReady) drawScene();
      present();
    });
  }

  const nodeAt = (px: number, py: number): number => {
    const gx = (px - tx) / scale;
    const gy = (py - ty) / scale;
    const reach = Math.max(8 / scale, 4);
    let best = -1;
    let bestD = reach * reach;
    const c0 = Math.floor((gx - reach) / CELL), c1 = Math.floor((gx + reach) / CELL);
    const r0 = Math.floor((gy - reach) / CELL), r1 = Math.floor((gy + reach) / CELL);
    for (let cx = c0; cx <= c1; cx++) {
      for (let cy = r0; cy <= r1; cy++) {
        for (const i of grid.get(`${cx},${cy}`) ?? []) {
          const d = (xs[i]! - gx) ** 2 + (ys[i]! - gy) ** 2;
          if (d < bestD) { bestD = d; best = i; }
        }
      }
    }
    return best;
  };

  const pointers = new Map<number, { x: number; y: number }>();
  let moved = false;
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, { x: e.offsetX, y: e.offsetY });
    moved = false;
  });
  canvas.addEventListener('pointermove', (e) => {
    const prev = pointers.get(e.pointerId);
    if (prev && pointers.size === 1) {
      tx += e.offsetX - prev.x;
      ty += e.offsetY - prev.y;
      if (Math.abs(e.offsetX - prev.x) + Math.abs(e.offsetY - prev.y) > 1) moved = true;
      pointers.set(e.pointerId, { x: e.offsetX, y: e.offsetY });
      draw();
      return;
    }
    if (prev && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const before = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      pointers.set(e.pointerId, { x: e.offsetX, y: e.offsetY });
      const [c, d] = [...pointers.values()];
      const after = Math.hypot(c!.x - d!.x, c!.y - d!.y);
      if (before > 0) zoom(after / before, (c!.x + d!.x) / 2, (c!.y + d!.y) / 2);
      moved = true;
      return;
    }
    const i = nodeAt(e.offsetX, e.offsetY);
    if (i !== hover) {
      hover = i;
      canvas.style.cursor = i >= 0 ? 'pointer' : 'grab';
      tip.style.display = i >= 0 ? 'block' : 'none';
      if (i >= 0) tip.textContent = `${data.nodes[i]![1]} · ${data.groups[data.nodes[i]![2]] ?? ''}`;
      draw('overlay');
    }
    if (i >= 0) {
      tip.style.left = `${e.offsetX + 12}px`;
      tip.style.top = `${e.offsetY + 12}px`;
    }
  });
  const release = (e: PointerEvent) => {
    const was = pointers.has(e.pointerId);
    pointers.delete(e.pointerId);
    if (was && !moved && e.type === 'pointerup') {
      const i = nodeAt(e.offsetX, e.offsetY);
      if (i >= 0) location.href = data.nodes[i]![0];
    }
  };
  canvas.addEventListener('pointerup', release);
  canvas.addEventListener('pointercancel', release);
  const zoom = (factor: number, px: number, py: number) => {
    const next = Math.min(40, Math.max(0.02, scale * factor));
    tx = px - ((px - tx) * next) / scale;
    ty = py - ((py - ty) * next) / scale;
    scale = next;
    draw();
  };
  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    zoom(Math.exp(-e.deltaY * 0.0015), e.offsetX, e.offsetY);
  }, { passive: false });
  find?.addEventListener('input', () => {
    const q = find.value.trim().toLowerCase();
    highlight = q ? new Set(data.nodes.flatMap((node, i) => (node[1].toLowerCase().includes(q) ? [i] : []))) : null;
    if (info) info.textContent = highlight ? `${highlight.size} of ${n} pages match` : `${n} pages · ${data.edges.length / 2} links`;
    draw('scene');
  });
  new ResizeObserver(() => resize()).observe(canvas);
  width = canvas.clientWidth;
  height = canvas.clientHeight;
  fit();
  resize();
  new MutationObserver(() => draw('scene')).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}
