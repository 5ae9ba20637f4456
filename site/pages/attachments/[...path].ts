// Vault attachments (images, PDFs) copied into the site at /attachments/<vault path>.
import { readFile } from 'node:fs/promises';
import type { APIRoute } from 'astro';
import { siteSummary } from '../../lib/summary.ts';

export async function getStaticPaths() {
  const site = await siteSummary();
  return site.attachments.map((a) => ({ params: { path: a.path }, props: { file: a.file } }));
}

export const GET: APIRoute = async ({ props }) => new Response(await readFile((props as { file: string }).file));
