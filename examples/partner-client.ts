/**
 * A partner client built on the generated, typed documents: a hospital verifies a patient's
 * enrollment at registration. It sends only the registered operation's hash, so it works for
 * clients restricted to trusted documents too.
 *
 *   HUB_URL=http://127.0.0.1:4000/graphql TOKEN=$(npm run -s token -- --role INSTITUTION --institution H32060200001) \
 *     npx tsx examples/partner-client.ts 320602199001011234
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { VerifyEnrollmentDocument, type VerifyEnrollmentQuery, type VerifyEnrollmentQueryVariables } from './gql/graphql.js';

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Runs a generated document by its registered hash; the result is typed by the document. */
export async function run<R, V>(url: string, token: string, document: TypedDocumentNode<R, V>, variables: V): Promise<GraphQLResponse<R>> {
  const hash = (document as unknown as { __meta__: { hash: string } }).__meta__.hash.replace(/^sha256:/, '');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
  });
  return (await res.json()) as GraphQLResponse<R>;
}

export async function verifyEnrollment(url: string, token: string, idNumber: string): Promise<VerifyEnrollmentQuery['person']> {
  const result = await run<VerifyEnrollmentQuery, VerifyEnrollmentQueryVariables>(url, token, VerifyEnrollmentDocument, { idNumber });
  if (result.errors?.length) throw new Error(result.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
  return result.data?.person ?? null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const person = await verifyEnrollment(process.env.HUB_URL ?? 'http://127.0.0.1:4000/graphql', process.env.TOKEN ?? '', process.argv[2] ?? '');
  const active = person?.enrollments?.find((e) => e.status === 'ACTIVE');
  console.log(person ? `${person.name} (${person.idNumber}): ${active ? `${active.scheme} ${active.year} active` : 'no active enrollment'}` : 'not found');
}
