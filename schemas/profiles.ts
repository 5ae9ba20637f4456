// The front-matter profiles, apart from the schemas so the CLI can name them without loading zod.
export const PROFILES = ['topic', 'obsidian'] as const;
export type Profile = (typeof PROFILES)[number];
