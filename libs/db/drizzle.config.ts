import { defineConfig } from 'drizzle-kit';

// `npm run generate -w @cuntu/db` writes a new SQL migration into ./migrations from the schema.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/lib/schema/index.ts',
  out: './migrations',
});
