import type { FindingRule } from '../finding';
import { heldBack, idleFunds, industryShare, slowSpending } from './fund-rules';
import { oneAccountManyNames, paidAfterExit, payeeConcentration } from './payee-rules';
import { industryCashToHouseholds, overContract, splitPayments, worksPaidToIndividual } from './payment-rules';

/** Rules about where money sits and to whom it went (idle, held back, spending, payees, splits, contracts). */
export const MONEY_RULES: FindingRule[] = [
  idleFunds,
  heldBack,
  slowSpending,
  industryShare,
  splitPayments,
  overContract,
  oneAccountManyNames,
  paidAfterExit,
  worksPaidToIndividual,
  industryCashToHouseholds,
  payeeConcentration,
];
