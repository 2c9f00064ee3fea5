import { builder } from '../graphql/builder.js';
import { AssistanceCategoryEnum } from '../graphql/enums.js';
import { listHighCostAlerts, type HighCostAlertRow } from './alerts.js';
import { PersonRef } from './types.js';

const HighCostAlertRef = builder.objectRef<HighCostAlertRow>('HighCostAlert').implement({
  description: '高额医疗费用预警: an assistance recipient whose in-range self-pay for the year exceeds the threshold.',
  fields: (t) => ({
    person: t.field({ type: PersonRef, nullable: true, resolve: (a) => a.personId }),
    year: t.exposeInt('year', { nullable: false }),
    inRangeSelfPay: t.field({
      type: 'Money',
      nullable: false,
      description: 'Year-to-date 政策范围内 self-pay after the basic fund (the 大病 qualifying amount).',
      resolve: (a) => a.inRangeSelfPay,
    }),
    threshold: t.expose('threshold', { type: 'Money', nullable: false }),
    categories: t.field({
      type: [AssistanceCategoryEnum],
      nullable: false,
      description: 'Recipient categories held on the as-of date.',
      resolve: (a) => a.categories as 'SUBSISTENCE'[],
    }),
  }),
});

builder.queryFields((t) => ({
  highCostAlerts: t.connection({
    type: HighCostAlertRef,
    description:
      'Assistance recipients in the caller’s regions whose in-range self-pay for the year exceeds the threshold (HIGH_COST_THRESHOLD_YUAN by default), by person.',
    args: {
      year: t.arg.int({ description: 'Defaults to the current year.' }),
      threshold: t.arg({ type: 'Money', description: 'Overrides the configured threshold.' }),
    },
    resolve: (_root, args, ctx) => listHighCostAlerts(ctx, args),
  }),
}));
