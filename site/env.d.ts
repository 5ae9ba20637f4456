// Astro's ambient modules (astro:content, *.astro) for `tsc -p .`, which type-checks site/ too.
/// <reference types="astro/client" />
