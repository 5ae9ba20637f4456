// Page metadata kept in Astro's data store as tuples: at 10k pages every key name repeated per
// backlink and neighbour adds megabytes to the store module Astro compiles and serialises.
import type { Backlink } from './model.ts';
import type { Neighbour } from './render/local-graph.ts';

export type BacklinkTuple = [url: string, title: string, count: number];
export type NeighbourTuple = [url: string, title: string, flags: number];

export const packBacklinks = (list: Backlink[]): BacklinkTuple[] => list.map((b) => [b.url, b.title, b.count]);
export const unpackBacklinks = (list: BacklinkTuple[]) => list.map(([url, title, count]) => ({ url, title, count }));
export const packNeighbours = (list: Neighbour[]): NeighbourTuple[] => list.map((n) => [n.url, n.title, (n.out ? 1 : 0) | (n.in ? 2 : 0)]);
export const unpackNeighbours = (list: NeighbourTuple[]): Neighbour[] => list.map(([url, title, f]) => ({ url, title, out: (f & 1) !== 0, in: (f & 2) !== 0 }));
