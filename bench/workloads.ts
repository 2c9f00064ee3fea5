/**
 * The benchmark's workloads and, for each, the same request as every candidate takes it: the
 * hub (and its variants) over GraphQL, the raw baseline as a JSON body on its own route,
 * PostGraphile over its generated schema. Each request carries a varying key (ID number,
 * idempotency key, batch keys) drawn from rows picked from the seeded data.
 */
import { beijingDate } from '../src/calendar.js';
import type { Fixtures } from './fixtures.js';

export type CandidateId = 'hub' | 'hub-async-audit' | 'hub-noshield' | 'hub-bare' | 'raw' | 'raw-noaudit' | 'postgraphile';
export type WorkloadId = 'a' | 'b10' | 'b50' | 'c' | 'd' | 'e' | 'f';

/** The role a workload's requests run as; one token per role is signed for the run. */
export type TokenKind = 'insurer' | 'medical' | 'tax' | 'institution';

/** One candidate's version of a workload's request. */
export interface RequestPlan {
  path: string;
  token: TokenKind;
  /** The next request body; each call moves to the next key. */
  next(): string;
  /** A short description of what the response holds (row counts, flags), compared across candidates; throws on an error body. */
  summary(json: unknown): string;
}

export interface Workload {
  id: WorkloadId;
  title: string;
  write: boolean;
  connections: number;
  candidates: CandidateId[];
  /** The candidate's request, or a reason why this workload cannot run here. */
  plan(candidate: CandidateId, f: Fixtures, counter: KeyCounter): RequestPlan;
}

/** A run-wide sequence for write keys (idempotency keys, contribution periods): never reused within a run. */
export class KeyCounter {
  private n = 0;
  constructor(readonly tag: string) {}
  take(count = 1): number {
    const first = this.n;
    this.n += count;
    return first;
  }
}

const HUB_VARIANTS: readonly CandidateId[] = ['hub', 'hub-async-audit', 'hub-noshield', 'hub-bare'];
const isHub = (c: CandidateId) => HUB_VARIANTS.includes(c);
const isRaw = (c: CandidateId) => c === 'raw' || c === 'raw-noaudit';

function cycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('no rows to draw requests from');
  let i = 0;
  return () => items[i++ % items.length]!;
}

const gql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** The hub's Money scalar takes yuan as a decimal string; the raw baseline takes integer fen. */
const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The response's data, or an error naming the first GraphQL error. */
function dataOf(json: unknown): Record<string, unknown> {
  const body = json as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new Error(`${body.errors[0]!.extensions?.code ?? 'ERROR'}: ${body.errors[0]!.message}`);
  if (!body.data) throw new Error('no data');
  return body.data;
}

const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);

// ── (a) eligibility ──────────────────────────────────────────────────────────────────────────

const ELIGIBILITY = `query Eligibility($idNumber: IdNumber!, $productCode: String!) {
  settlementEligibility(idNumber: $idNumber, productCode: $productCode) {
    eligible basicEnrollmentActive basicInsuranceRegionMatches productEnrolled consentScopes reasons
  }
}`;

const PGL_ELIGIBILITY = `query Eligibility($idNumber: String!, $productCode: String!) {
  insuranceProductByCode(code: $productCode) { rowId year regionCode status endDate insurerCode }
  personByIdNumber(idNumber: $idNumber) {
    rowId
    enrollmentsByPersonId(orderBy: YEAR_ASC) { nodes { year status regionCode } }
    productEnrollmentsByPersonId { nodes { productId status } }
    consentsByPersonId { nodes { insurerCode scopes revokedAt expiresAt } }
  }
}`;

function eligibilityPlan(candidate: CandidateId, f: Fixtures): RequestPlan {
  const id = cycle(f.eligibility.idNumbers);
  const productCode = f.eligibility.productCode;
  if (isHub(candidate)) {
    return {
      path: '/graphql',
      token: 'insurer',
      next: () => gql(ELIGIBILITY, { idNumber: id(), productCode }),
      summary: (json) => `eligible=${(dataOf(json).settlementEligibility as { eligible: boolean }).eligible}`,
    };
  }
  if (isRaw(candidate)) {
    return {
      path: '/eligibility',
      token: 'insurer',
      next: () => JSON.stringify({ idNumber: id(), productCode }),
      summary: (json) => `eligible=${(dataOf(json) as unknown as { eligible: boolean }).eligible}`,
    };
  }
  return {
    path: '/graphql',
    token: 'insurer',
    next: () => gql(PGL_ELIGIBILITY, { idNumber: id(), productCode }),
    summary: (json) => {
      type Enrollment = { year: number; status: string; regionCode: string };
      const d = dataOf(json) as {
        insuranceProductByCode: { year: number; regionCode: string; status: string; endDate: string } | null;
        personByIdNumber: { enrollmentsByPersonId: { nodes: Enrollment[] } } | null;
      };
      const product = d.insuranceProductByCode;
      if (!d.personByIdNumber || !product) throw new Error('person or product not found');
      // The client applies the hub's rule itself: active basic insurance of the product's year and region, product running.
      const e = d.personByIdNumber.enrollmentsByPersonId.nodes.find((n) => n.year === product.year);
      const today = beijingDate(new Date());
      return `eligible=${e?.status === 'ACTIVE' && e.regionCode === product.regionCode && product.status === 'ACTIVE' && today <= product.endDate}`;
    },
  };
}

// ── (b) a partner's nested list ──────────────────────────────────────────────────────────────

/** Prescriptions per institution in (b); the page size varies, this does not. */
export const PRESCRIPTIONS_PER_INSTITUTION = 5;

const PARTNER = `query Partner($first: Int!, $region: String!, $prescriptions: Int!) {
  institutions(first: $first, filter: { region: [$region] }) {
    edges { node { code name level
      prescriptions(first: $prescriptions) { edges { node { code issuedAt status
        items { quantity amount drug { code name } } } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PGL_PARTNER = `query Partner($first: Int!, $region: String!, $prescriptions: Int!) {
  allInstitutions(first: $first, condition: { regionCode: $region }, orderBy: PRIMARY_KEY_ASC) {
    nodes { code name level
      prescriptionsByIssuerId(first: $prescriptions, orderBy: PRIMARY_KEY_DESC) { nodes { code issuedAt status
        prescriptionItemsByPrescriptionId(orderBy: PRIMARY_KEY_ASC) { nodes { quantity amount drugByDrugId { code name } } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type Counted = { institutions: number; prescriptions: number; items: number };
const countsText = (c: Counted) => `institutions=${c.institutions} prescriptions=${c.prescriptions} items=${c.items}`;

function partnerPlan(first: number) {
  return (candidate: CandidateId, f: Fixtures): RequestPlan => {
    const vars = { first, region: f.region, prescriptions: PRESCRIPTIONS_PER_INSTITUTION };
    if (isHub(candidate)) {
      const body = gql(PARTNER, vars);
      return {
        path: '/graphql',
        token: 'medical',
        next: () => body,
        summary: (json) => {
          type Node = { prescriptions: { edges: { node: { items: unknown[] } }[] } };
          const edges = (dataOf(json).institutions as { edges: { node: Node }[] }).edges;
          const ps = edges.flatMap((e) => e.node.prescriptions.edges);
          return countsText({ institutions: edges.length, prescriptions: ps.length, items: ps.reduce((n, p) => n + p.node.items.length, 0) });
        },
      };
    }
    if (isRaw(candidate)) {
      const body = JSON.stringify(vars);
      return {
        path: '/partner',
        token: 'medical',
        next: () => body,
        summary: (json) => {
          const list = (dataOf(json) as unknown as { institutions: { prescriptions: { items: unknown[] }[] }[] }).institutions;
          const ps = list.flatMap((i) => i.prescriptions);
          return countsText({ institutions: list.length, prescriptions: ps.length, items: ps.reduce((n, p) => n + p.items.length, 0) });
        },
      };
    }
    const body = gql(PGL_PARTNER, vars);
    return {
      path: '/graphql',
      token: 'medical',
      next: () => body,
      summary: (json) => {
        type Node = { prescriptionsByIssuerId: { nodes: { prescriptionItemsByPrescriptionId: { nodes: unknown[] } }[] } };
        const nodes = (dataOf(json).allInstitutions as { nodes: Node[] }).nodes;
        const ps = nodes.flatMap((n) => n.prescriptionsByIssuerId.nodes);
        return countsText({ institutions: nodes.length, prescriptions: ps.length, items: ps.reduce((n, p) => n + p.prescriptionItemsByPrescriptionId.nodes.length, 0) });
      },
    };
  };
}

// ── (c) a person with enrollments, contributions and settlements ─────────────────────────────

export const SETTLEMENTS_PER_PERSON = 10;

const PERSON = `query Person($idNumber: IdNumber!, $settlements: Int!) {
  person(idNumber: $idNumber) {
    idNumber name birthDate
    enrollments { year scheme status startDate endDate contributionBase }
    contributions { period payer amount paidDate }
    settlements(first: $settlements) { edges { node { billDate encounterType totalAmount fundPaid selfPaid status } } }
  }
}`;

const PGL_PERSON = `query Person($idNumber: String!, $settlements: Int!) {
  personByIdNumber(idNumber: $idNumber) {
    idNumber name birthDate
    enrollmentsByPersonId(orderBy: YEAR_ASC) { nodes { year scheme status startDate endDate contributionBase } }
    contributionsByPersonId(orderBy: PRIMARY_KEY_ASC) { nodes { period payer amount paidDate } }
    settlementsByPersonId(first: $settlements, orderBy: PRIMARY_KEY_DESC) { nodes { billDate encounterType totalAmount fundPaid selfPaid status } }
  }
}`;

const personText = (e: number, c: number, s: number) => `enrollments=${e} contributions=${c} settlements=${s}`;

function personPlan(candidate: CandidateId, f: Fixtures): RequestPlan {
  const id = cycle(f.personIdNumbers);
  if (isHub(candidate)) {
    return {
      path: '/graphql',
      token: 'medical',
      next: () => gql(PERSON, { idNumber: id(), settlements: SETTLEMENTS_PER_PERSON }),
      summary: (json) => {
        const p = dataOf(json).person as { enrollments: unknown[]; contributions: unknown[]; settlements: { edges: unknown[] } };
        return personText(p.enrollments.length, p.contributions.length, p.settlements.edges.length);
      },
    };
  }
  if (isRaw(candidate)) {
    return {
      path: '/person',
      token: 'medical',
      next: () => JSON.stringify({ idNumber: id(), settlements: SETTLEMENTS_PER_PERSON }),
      summary: (json) => {
        const p = dataOf(json) as unknown as { enrollments: unknown[]; contributions: unknown[]; settlements: unknown[] };
        return personText(p.enrollments.length, p.contributions.length, p.settlements.length);
      },
    };
  }
  return {
    path: '/graphql',
    token: 'medical',
    next: () => gql(PGL_PERSON, { idNumber: id(), settlements: SETTLEMENTS_PER_PERSON }),
    summary: (json) => {
      type Conn = { nodes: unknown[] };
      const p = dataOf(json).personByIdNumber as { enrollmentsByPersonId: Conn; contributionsByPersonId: Conn; settlementsByPersonId: Conn } | null;
      if (!p) throw new Error('person not found');
      return personText(p.enrollmentsByPersonId.nodes.length, p.contributionsByPersonId.nodes.length, p.settlementsByPersonId.nodes.length);
    },
  };
}

// ── (d) a region's indicators ────────────────────────────────────────────────────────────────

const INDICATORS = `query Indicators($region: String!) {
  indicators(region: $region) {
    code name unit targetText comparison status
    live { value numerator denominator suppressed }
    observations { year valueText value }
  }
}`;

function indicatorsPlan(candidate: CandidateId, f: Fixtures): RequestPlan {
  if (isHub(candidate)) {
    const body = gql(INDICATORS, { region: f.region });
    return { path: '/graphql', token: 'medical', next: () => body, summary: (json) => `indicators=${len(dataOf(json).indicators)}` };
  }
  const body = JSON.stringify({ region: f.region });
  return { path: '/indicators', token: 'medical', next: () => body, summary: (json) => `indicators=${len(dataOf(json).indicators)}` };
}

// ── (e) a 1,000-row contribution batch ───────────────────────────────────────────────────────

export const BATCH_ROWS = 1000;

const CONTRIBUTIONS = `mutation Contributions($input: RecordContributionsInput!) {
  recordContributions(input: $input) {
    __typename
    ... on RecordContributionsPayload { received written unchanged rejected }
    ... on UserError { code message field }
  }
}`;

const PAYERS = ['INDIVIDUAL', 'EMPLOYER', 'GOVERNMENT_SUBSIDY'] as const;

/**
 * Monthly periods ('YYYY-MM') of the seed's two enrollment years up to its as-of month: the
 * seed writes yearly periods only, so these keys are free, and the harness deletes them again
 * before each candidate's run.
 */
function monthlyPeriods(asOf: string): string[] {
  const year = Number(asOf.slice(0, 4));
  const lastMonth = Number(asOf.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let y = year - 1; y <= year; y++) {
    for (let m = 1; m <= 12 && (y < year || m <= lastMonth); m++) out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

/** Batch n's records: consecutive (person, period, payer) keys, the amount a function of the key. */
function batchRecords(f: Fixtures, periods: readonly string[], first: number) {
  const persons = f.contributionIdNumbers;
  const slots = periods.length * PAYERS.length;
  const records = [];
  for (let k = first; k < first + BATCH_ROWS; k++) {
    const key = k % (persons.length * slots);
    const slot = Math.floor(key / persons.length);
    const period = periods[slot % periods.length]!;
    records.push({ idNumber: persons[key % persons.length]!, period, payer: PAYERS[Math.floor(slot / periods.length)]!, amount: 10_000 + (key % 997), paidDate: `${period}-15` });
  }
  return records;
}

function contributionsPlan(candidate: CandidateId, f: Fixtures, counter: KeyCounter): RequestPlan {
  const periods = monthlyPeriods(f.asOf);
  const next = () => batchRecords(f, periods, counter.take(BATCH_ROWS));
  if (isHub(candidate)) {
    return {
      path: '/graphql',
      token: 'tax',
      next: () => gql(CONTRIBUTIONS, { input: { records: next().map((r) => ({ ...r, amount: yuan(r.amount) })) } }),
      summary: (json) => {
        const r = dataOf(json).recordContributions as { __typename: string; received?: number; message?: string };
        if (r.__typename !== 'RecordContributionsPayload') throw new Error(`${r.__typename}: ${r.message}`);
        return `received=${r.received}`;
      },
    };
  }
  return {
    path: '/contributions',
    token: 'tax',
    next: () => JSON.stringify({ records: next() }),
    summary: (json) => `received=${(dataOf(json) as unknown as { received: number }).received}`,
  };
}

// ── (f) settleClaim across many persons ──────────────────────────────────────────────────────

const SETTLE = `mutation Settle($input: SettleClaimInput!) {
  settleClaim(input: $input) {
    __typename
    ... on SettleClaimPayload { replayed settlement { id totalAmount fundPaid criticalIllnessPaid commercialPaid selfPaid } }
    ... on UserError { code message field }
  }
}`;

const BILL_ITEMS = [
  { code: '110200001', name: '普通门诊诊查费', itemClass: 'A', amount: 2_500, specialDrug: false },
  { code: 'XA10BAA001', name: '二甲双胍片', itemClass: 'A', amount: 4_860, specialDrug: false },
  { code: 'XC10AAA005', name: '阿托伐他汀钙片', itemClass: 'B', amount: 9_120, specialDrug: false },
];

function settlePlan(candidate: CandidateId, f: Fixtures, counter: KeyCounter): RequestPlan {
  const person = cycle(f.settle.idNumbers);
  const input = () => ({
    idNumber: person(),
    institutionCode: f.settle.institutionCode,
    encounterType: 'OUTPATIENT',
    date: f.settle.billDate,
    items: BILL_ITEMS,
    idempotencyKey: `bench-${counter.tag}-${candidate}-${counter.take()}`,
  });
  if (isHub(candidate)) {
    return {
      path: '/graphql',
      token: 'institution',
      next: () => {
        const bill = input();
        return gql(SETTLE, { input: { ...bill, items: bill.items.map((i) => ({ ...i, amount: yuan(i.amount) })) } });
      },
      summary: (json) => {
        const r = dataOf(json).settleClaim as { __typename: string; replayed?: boolean; message?: string };
        if (r.__typename !== 'SettleClaimPayload') throw new Error(`${r.__typename}: ${r.message}`);
        return `replayed=${r.replayed}`;
      },
    };
  }
  return {
    path: '/settle',
    token: 'institution',
    next: () => JSON.stringify(input()),
    summary: (json) => `replayed=${(dataOf(json) as unknown as { replayed: boolean }).replayed}`,
  };
}

// ── The list ─────────────────────────────────────────────────────────────────────────────────

/** Every workload; which run depends on the hub's schema (see `availability` in fixtures.ts) and on --workloads. */
export const WORKLOADS: readonly Workload[] = [
  {
    id: 'a',
    title: '(a) eligibility by ID number (INSURER)',
    write: false,
    connections: 32,
    candidates: ['hub', 'hub-async-audit', 'raw', 'postgraphile'],
    plan: eligibilityPlan,
  },
  { id: 'b50', title: '(b) institutions → prescriptions → items → drug, first: 50', write: false, connections: 32, candidates: ['hub', 'raw', 'postgraphile'], plan: partnerPlan(50) },
  { id: 'b10', title: '(b) same, first: 10', write: false, connections: 32, candidates: ['hub', 'raw', 'postgraphile'], plan: partnerPlan(10) },
  { id: 'f', title: '(f) settleClaim, many persons (INSTITUTION)', write: true, connections: 32, candidates: ['hub', 'raw'], plan: settlePlan },
  {
    id: 'c',
    title: '(c) person + enrollments, contributions, settlements (MEDICAL_SECURITY)',
    write: false,
    connections: 32,
    candidates: ['hub', 'hub-async-audit', 'hub-noshield', 'hub-bare', 'raw', 'raw-noaudit', 'postgraphile'],
    plan: personPlan,
  },
  { id: 'd', title: '(d) a region’s indicators', write: false, connections: 8, candidates: ['hub', 'raw'], plan: indicatorsPlan },
  { id: 'e', title: '(e) recordContributions, 1,000-row batch (TAX)', write: true, connections: 4, candidates: ['hub', 'raw'], plan: contributionsPlan },
];
