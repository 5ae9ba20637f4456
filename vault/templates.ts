// Pages in Obsidian's templates folders (spec §5): text that becomes a note only when a template is
// applied. `[[{{title}}]]` or `[[<% tp.file.title %>]]` there is a placeholder, not a link, and
// front-matter such as `created: {{date}}` is filled in on use, so its problems are warnings.
import type { Page, WikiLink } from './types.ts';

/** A `[[…]]` holding a Templates (`{{…}}`) or Templater (`<%…%>`) placeholder. */
export function isPlaceholderLink(link: Pick<WikiLink, 'raw'>): boolean {
  return link.raw.includes('{{') || link.raw.includes('<%');
}

const FRONT_MATTER_RULE = /^(yaml|frontmatter)-/;

export function templatePage(page: Page): Page {
  const links = page.links.filter((l) => !isPlaceholderLink(l));
  const softened = page.diagnostics.some((d) => d.severity === 'error' && FRONT_MATTER_RULE.test(d.rule));
  if (links.length === page.links.length && !softened) return page;
  return {
    ...page,
    links,
    diagnostics: page.diagnostics.map((d) => (d.severity === 'error' && FRONT_MATTER_RULE.test(d.rule) ? { ...d, severity: 'warning', message: `${d.message} (in a template: filled in when it is used)` } : d)),
  };
}
