/**
 * Small hand-built records with fresh, valid ID numbers, so each test owns its rows and nothing
 * needs truncating.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../../src/db/client.js';
import {
  assistanceRecipients, consents, contributions, drugs, enrollments, institutions, insuranceProducts, persons, prescriptionItems,
  prescriptions, productEnrollments, settlementItems, settlements,
} from '../../src/db/schema/index.js';
import { makeIdNumber } from '../../src/people/id-number.js';
import { pickupCodeHash } from '../../src/prescriptions/service.js';

let sequence = Number(process.hrtime.bigint() % 400n) + 100;
const next = () => ++sequence;

const COUNTY: Record<string, string> = { '320600': '320602', '320100': '320102', '350300': '350302', '421000': '421002' };

export interface PersonFixture {
  region?: string;
  scheme?: 'EMPLOYEE' | 'RESIDENT';
  status?: 'ACTIVE' | 'SUSPENDED' | 'TERMINATED';
  year?: number;
  name?: string;
  phone?: string | null;
  birthDate?: string;
  contributionBase?: number | null;
}

export type Fixtures = ReturnType<typeof fixtures>;

export function fixtures(database: Database) {
  const { db } = database;
  return {
    async person(f: PersonFixture = {}) {
      const region = f.region ?? '320600';
      const n = next();
      const birthDate = f.birthDate ?? `19${String(50 + (n % 45)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 9}`;
      const idNumber = makeIdNumber(COUNTY[region]!, birthDate, n % 1000, n % 2 ? 'MALE' : 'FEMALE');
      const [person] = await db
        .insert(persons)
        .values({ idNumber, name: f.name ?? `测试${n}`, gender: n % 2 ? 'MALE' : 'FEMALE', birthDate, regionCode: region, phone: f.phone === undefined ? `1390000${String(n).padStart(4, '0')}` : f.phone })
        .returning();
      const year = f.year ?? 2026;
      const scheme = f.scheme ?? 'RESIDENT';
      await db.insert(enrollments).values({
        personId: person!.id, regionCode: region, year, scheme, status: f.status ?? 'ACTIVE', startDate: `${year}-01-01`,
        contributionBase: scheme === 'EMPLOYEE' ? (f.contributionBase ?? 800_000) : null,
      });
      return person!;
    },
    async contribution(personId: number, period = '2026', payer = 'INDIVIDUAL', amount = 40_000) {
      await db.insert(contributions).values({ personId, period, payer, amount, paidDate: `${period.slice(0, 4)}-01-15` });
    },
    async assistance(personId: number, category = 'SUBSISTENCE', startDate = '2025-01-01', endDate: string | null = null) {
      await db.insert(assistanceRecipients).values({ personId, category, startDate, endDate, certifyingOffice: '南通市崇川区民政局' });
    },
    async institution(f: { region?: string; kind?: 'HOSPITAL' | 'PHARMACY' | 'PRIMARY_CARE'; level?: number | null; agreementStatus?: string; dualChannel?: boolean } = {}) {
      const region = f.region ?? '320600';
      const kind = f.kind ?? 'HOSPITAL';
      const code = `${kind === 'PHARMACY' ? 'P' : 'H'}${COUNTY[region]}${String(90000 + next()).slice(-5)}`;
      const [row] = await db
        .insert(institutions)
        .values({
          code, name: `测试机构${code}`, kind, level: kind === 'PHARMACY' ? null : (f.level ?? 3), ownership: 'PUBLIC', regionCode: region,
          agreementStatus: f.agreementStatus ?? 'ACTIVE', paymentMethod: 'DRG', crossProvinceLinked: true, dualChannel: f.dualChannel ?? false,
          creditScore: 88,
        })
        .returning();
      return row!;
    },
    async drug(f: { itemClass?: 'A' | 'B' | 'C'; dualChannel?: boolean; specialDrug?: boolean; unitPrice?: number } = {}) {
      const n = next();
      const code = `XJ01CAA${String(n % 1000).padStart(3, '0')}A001${String(n % 10000).padStart(4, '0')}${String(10000 + n).slice(-5)}`;
      const [row] = await db
        .insert(drugs)
        .values({ code, name: `测试药${n}`, dosageForm: '片剂', itemClass: f.itemClass ?? 'A', dualChannel: f.dualChannel ?? false, negotiated: false, volumeProcurement: false, specialDrug: f.specialDrug ?? false, unitPrice: f.unitPrice ?? 1500 })
        .returning();
      return row!;
    },
    async prescription(f: { personId: number; issuerId: number; regionCode?: string; drugId: number; status?: string; dispenserId?: number | null; pickupCode?: string; validUntil?: Date }) {
      const code = `RX${Date.now().toString(36).toUpperCase()}${next()}`;
      const [row] = await db
        .insert(prescriptions)
        .values({
          code, personId: f.personId, regionCode: f.regionCode ?? '320600', issuerId: f.issuerId, dispenserId: f.dispenserId ?? null,
          diagnosisCode: 'E11.900', diagnosisName: '2型糖尿病', status: f.status ?? 'ISSUED', issuedAt: new Date(),
          validUntil: f.validUntil ?? new Date(Date.now() + 3 * 86_400_000), pickupCodeHash: pickupCodeHash(code, f.pickupCode ?? '123456'),
        })
        .returning();
      await db.insert(prescriptionItems).values({ prescriptionId: row!.id, drugId: f.drugId, quantity: 2, unitPrice: 1500, amount: 3000, usage: '口服 一日两次' });
      return row!;
    },
    async product(region = '320600', year = 2026) {
      const [row] = await db.select().from(insuranceProducts).limit(100);
      const all = await db.select().from(insuranceProducts);
      return all.find((p) => p.regionCode === region && p.year === year) ?? row!;
    },
    async enrollInProduct(personId: number, product: { id: number; insurerCode: string }) {
      await db.insert(productEnrollments).values({ personId, productId: product.id, insurerCode: product.insurerCode, enrolledAt: new Date(), status: 'ACTIVE' });
    },
    /** A stored settlement with a fixed split (the settlement service computes real ones). */
    async settlement(f: { personId: number; institutionId: number; regionCode?: string; total?: number; diagnosisCode?: string }) {
      const total = f.total ?? 100_000;
      const split = { fundPaid: total * 0.6, criticalIllnessPaid: 0, assistancePaid: total * 0.1, commercialPaid: total * 0.1, selfPaid: total * 0.2 };
      const [row] = await db
        .insert(settlements)
        .values({
          personId: f.personId, institutionId: f.institutionId, regionCode: f.regionCode ?? '320600', scheme: 'RESIDENT', encounterType: 'INPATIENT',
          billDate: '2026-03-01', settledAt: new Date(), diagnosisCode: f.diagnosisCode ?? 'J18.900', diagnosisName: '肺炎',
          totalAmount: total, policyRangeAmount: total, classBPrepaid: 0, deductiblePaid: 0, ...split,
          computation: { reasons: [{ payer: 'FUND', code: 'FUND_PAID', message: 'fixture' }] }, status: 'SETTLED',
        })
        .returning();
      await db.insert(settlementItems).values({ settlementId: row!.id, code: '001102000010000', name: '诊查费', itemClass: 'A', amount: total, specialDrug: false });
      return row!;
    },
    async consent(personId: number, insurerCode: string, scopes: string[], expiresAt = new Date(Date.now() + 365 * 86_400_000), revokedAt: Date | null = null) {
      await db.insert(consents).values({ personId, insurerCode, scopes, grantedAt: new Date(), expiresAt, revokedAt });
    },
  };
}

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');
