// Regenerates schemas/*.schema.json from the zod schemas (npm run schemas); tests fail when they are stale.
import { writeFileSync } from 'node:fs';
import { jsonSchemas } from './index.ts';

for (const [file, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(new URL(file, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schemas/${file}`);
}
