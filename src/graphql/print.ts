/**
 * Prints the schema as the code builds it to schema/schema.graphql, and the federation subgraph
 * SDL (with its @key directives, what a gateway composes from) to schema/subgraph.graphql;
 * `--check` fails when a committed file differs, so the printed contract never drifts from the code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { subgraphSdl } from './federation.js';
import { buildBareSchema } from './schema.js';

const schema = buildBareSchema();
const outputs = [
  { file: fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url)), text: `${printSchema(schema)}\n` },
  { file: fileURLToPath(new URL('../../schema/subgraph.graphql', import.meta.url)), text: `${subgraphSdl(schema).trim()}\n` },
];

const read = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // a missing file is drift too
  }
};

if (process.argv.includes('--check')) {
  const stale = outputs.filter((o) => read(o.file) !== o.text).map((o) => o.file);
  if (stale.length) {
    console.error(`${stale.join(', ')} differ(s) from the schema the code builds: run \`npm run schema:print\` and commit.`);
    process.exit(1);
  }
  console.log('schema/schema.graphql and schema/subgraph.graphql match the code.');
} else {
  for (const o of outputs) {
    writeFileSync(o.file, o.text);
    console.log(`wrote ${o.file}`);
  }
}
