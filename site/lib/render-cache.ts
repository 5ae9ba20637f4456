// Rendered pages, one JSON file per page named by its inputs' digest (page-inputs.ts), kept in the
// build's cache dir instead of Astro's data store. Astro inlines its whole data store into the
// server bundle as one JSON string (80 MB at 10k pages: seconds of bundling and gigabytes of heap);
// with the HTML here the store holds only front-matter, and a page reads its record when Astro
// renders it. Records are content-addressed, so full and incremental builds share them safely.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BacklinkTuple, NeighbourTuple } from './compact.ts';
import type { RenderedHeading, RenderOutput, RenderProblem } from './render/markdown.ts';

export interface RenderRecord {
  path: string;
  url: string;
  title: string;
  kind: 'topic' | 'moc';
  html: string;
  headings: RenderedHeading[];
  backlinks: BacklinkTuple[];
  neighbours: NeighbourTuple[];
  moreNeighbours: number;
  problems: RenderProblem[];
  executed: RenderOutput['executed'];
}

export const renderDir = (cacheDir: string) => join(cacheDir, 'kb-render');

export function readRecord(cacheDir: string, digest: string): RenderRecord {
  return JSON.parse(readFileSync(join(renderDir(cacheDir), `${digest}.json`), 'utf8')) as RenderRecord;
}

export class RenderCache {
  readonly dir: string;
  #names: Set<string> | null = null;

  constructor(cacheDir: string) {
    this.dir = renderDir(cacheDir);
  }

  #list(): Set<string> {
    if (!this.#names) {
      mkdirSync(this.dir, { recursive: true });
      this.#names = new Set(readdirSync(this.dir));
    }
    return this.#names;
  }

  has(digest: string): boolean {
    return this.#list().has(`${digest}.json`);
  }

  /** The problems a record holds, without reading its HTML when it has none (the usual case). */
  problems(digest: string): RenderProblem[] {
    return this.#list().has(`${digest}.problems`) ? (JSON.parse(readFileSync(join(this.dir, `${digest}.problems`), 'utf8')) as RenderProblem[]) : [];
  }

  /** Written whole or not at all (a temp file renamed), so a crash never leaves a record that `has` accepts. */
  write(digest: string, record: RenderRecord): void {
    const names = this.#list();
    if (record.problems.length) {
      writeFileSync(join(this.dir, `${digest}.problems`), JSON.stringify(record.problems));
      names.add(`${digest}.problems`);
    }
    const tmp = join(this.dir, `${digest}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(record));
    renameSync(tmp, join(this.dir, `${digest}.json`));
    names.add(`${digest}.json`);
  }

  /** Deletes the records of these digests (an incremental build drops what it replaced). */
  drop(digests: Iterable<string>): void {
    for (const d of digests) this.#remove([`${d}.json`, `${d}.problems`]);
  }

  /** Deletes every record but these (after a full build, which knows every current page). */
  keepOnly(digests: ReadonlySet<string>): number {
    const stale = [...this.#list()].filter((name) => name.endsWith('.tmp') || !digests.has(name.slice(0, name.indexOf('.'))));
    this.#remove(stale);
    return stale.length;
  }

  #remove(names: string[]) {
    const list = this.#list();
    for (const name of names) {
      if (!list.delete(name)) continue;
      rmSync(join(this.dir, name), { force: true });
    }
  }
}
