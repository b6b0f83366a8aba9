/** `pnpm schema:print`: writes the SDL of the builder to packages/schema/schema.graphql. */
import fs from 'node:fs/promises';
import { printedSchema } from '../schema/print.js';
import { printedSchemaPath } from '../paths.js';
import { runCli } from './run.js';

runCli(async () => {
  await fs.writeFile(printedSchemaPath, printedSchema());
  console.log(`Wrote ${printedSchemaPath}`);
});
