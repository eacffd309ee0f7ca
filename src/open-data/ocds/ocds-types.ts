/** The parts of an OCDS 1.1.5 release this service fills (standards/ocds-1.1.5/release-schema.json). */
export interface OcdsValue {
  amount: number;
  currency: 'CNY';
}
export interface OrganizationReference {
  id: string;
  name?: string;
}
export interface Party extends OrganizationReference {
  roles: string[];
  address?: { region?: string; locality?: string; countryName?: string };
}
export interface OcdsDocument {
  id: string;
  documentType: string;
  title: string;
  url: string;
  datePublished: string;
  format: string;
  language: string;
}
export interface Milestone {
  id: string;
  title: string;
  type: string;
  status: 'scheduled' | 'met' | 'notMet';
  dateMet?: string;
  description?: string;
}
export interface Transaction {
  id: string;
  date: string;
  value: OcdsValue;
  payer: OrganizationReference;
  payee?: OrganizationReference;
}
export interface BudgetLine {
  id: string;
  description: string;
  amount: OcdsValue;
}
export interface Release {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  initiationType: 'tender';
  language: 'zh';
  parties?: Party[];
  buyer?: OrganizationReference;
  planning?: {
    rationale?: string;
    budget?: {
      id: string;
      description: string;
      amount: OcdsValue;
      project: string;
      projectID: string;
      /** The budget breakdown extension: one line per fund document (指标文件). */
      budgetBreakdown?: BudgetLine[];
    };
    milestones?: Milestone[];
    documents?: OcdsDocument[];
  };
  tender?: {
    id: string;
    title?: string;
    description?: string;
    status?: string;
    value?: OcdsValue;
    procurementMethod?: string;
    procurementMethodDetails?: string;
    procuringEntity?: OrganizationReference;
    documents?: OcdsDocument[];
  };
  awards?: Array<{
    id: string;
    status: string;
    date?: string;
    value?: OcdsValue;
    suppliers?: OrganizationReference[];
  }>;
  contracts?: Array<{
    id: string;
    awardID: string;
    status?: string;
    value?: OcdsValue;
    period?: { startDate?: string; endDate?: string };
    implementation?: { transactions?: Transaction[]; milestones?: Milestone[]; documents?: OcdsDocument[] };
  }>;
}

/** The OCDS version and the extensions every package declares. */
export const OCDS_VERSION = '1.1';
export const OCDS_EXTENSIONS = [
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_budget_breakdown_extension/master/extension.json',
];
