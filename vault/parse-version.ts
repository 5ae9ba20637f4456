// Part of the parse cache key, in a module of its own so that checking whether the cache is still
// valid loads no parser. Bump it when what parsing extracts changes in a way the hashed sources
// (see cache.ts) do not show, e.g. a dependency's behaviour.
export const PARSE_VERSION = 'parse-4';
