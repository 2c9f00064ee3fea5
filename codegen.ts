import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The typed client for internal frontends and the example partner scripts, generated from the
 * printed schema. It also writes persisted-documents.json: the trusted-documents manifest the
 * hub loads, so clients restricted to registered operations can run exactly these.
 */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['examples/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    'examples/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' } },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { ID: 'string', Money: 'string', Date: 'string', DateTime: 'string', IdNumber: 'string' },
      },
    },
  },
};

export default config;
