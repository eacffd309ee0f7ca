import type { AssetClass, DisposalMethod, DistributionPurpose, ProceedsTo } from '../assets/asset.entities';

/** An owner as the plans name it: an organisation, or the n-th listed working household of the asset's village. */
export type PlannedOwner =
  { type: 'village_collective' | 'department'; name: string } | { type: 'household'; pick: number };

export interface AssetTransferPlan {
  on: string;
  docNo: string;
  to: PlannedOwner;
  custodian?: string;
  responsiblePerson?: string;
}

export interface AssetIncomePlan {
  receivedOn: string;
  period: string;
  amount: string;
  source: string;
}

/**
 * One distribution by the village committee: each listed household of the village without labour capacity gets
 * `none` (the priority DOMAIN.md sets), each with partial capacity `partial` if given, then the purposes.
 */
export interface DistributionPlan {
  on: string;
  none?: string;
  partial?: string;
  purposes: Array<[DistributionPurpose, string]>;
}

export interface DisposalPlan {
  method: DisposalMethod;
  villageAssemblyOn: string;
  townshipApprovedOn: string;
  countyApprovedOn: string;
  disposedOn: string;
  proceeds: string;
  proceedsTo: ProceedsTo;
  docNo: string;
}

export interface AssetPlan {
  key: string;
  /** The demo project (DEMO_PROJECTS code) that formed the asset. */
  project: string;
  name: string;
  assetClass: AssetClass;
  location: string;
  /** 原值; `rest` is what was paid for the project less its other assets (so the register matches the payments). */
  value: string | 'rest';
  registeredOn: string;
  owner: PlannedOwner;
  custodian: string;
  responsiblePerson?: string;
  operator?: string;
  certificateNo?: string;
  transfers?: AssetTransferPlan[];
  income?: AssetIncomePlan[];
  distributions?: DistributionPlan[];
  disposal?: DisposalPlan;
}

const HOUJIE = '411103100201';
const DALIU = '411103100203';
const WANGDIAN = '411103101202';
const SHANGQIAO = '411103102201';

const GRID = '国网漯河供电公司 电费结算';
const WANGDIAN_CO_OP = '郾城区王店村蔬菜种植农民专业合作社';
/** 王店村's greenhouses: 1,408,731.00 paid for 20, so one is worth a twentieth; three went to households. */
const ONE_GREENHOUSE = '70436.55';
const houseGreenhouse = (n: number): AssetPlan => ({
  key: `p05:household:${n + 1}`,
  project: 'p05',
  name: '日光温室蔬菜大棚1座(到户,含滴灌设施)',
  assetClass: 'household',
  location: WANGDIAN,
  value: ONE_GREENHOUSE,
  registeredOn: '2026-10-16',
  owner: { type: 'household', pick: n },
  custodian: '户主自行管护,王店村村民委员会监督',
});

/**
 * The assets the demo's accepted projects left behind (确权登记), each after its project's acceptance and last
 * payment; projects that form none (雨露计划, 贴息) have none here.
 */
export const DEMO_ASSETS: AssetPlan[] = [
  {
    // Last year's road, registered once its 决算 was fully paid (the retention released on 2026-09-10).
    key: 'p01:road',
    project: 'p01',
    name: '后街村村组硬化道路3.2公里(含排水边沟、错车平台)',
    assetClass: 'public_welfare',
    location: HOUJIE,
    value: 'rest',
    registeredOn: '2026-09-15',
    owner: { type: 'village_collective', name: '郾城区城关镇后街村股份经济合作社' },
    custodian: '后街村村民委员会',
    responsiblePerson: '赵文亮',
  },
  {
    key: 'p04:pv',
    project: 'p04',
    name: '大刘村200千瓦分布式光伏电站',
    assetClass: 'operating',
    location: DALIU,
    value: 'rest',
    registeredOn: '2026-09-25',
    owner: { type: 'village_collective', name: '郾城区城关镇大刘村股份经济合作社' },
    operator: '郾城区城关镇大刘村股份经济合作社',
    custodian: '大刘村股份经济合作社',
    responsiblePerson: '刘保国',
    // Sold to the grid at Henan's coal benchmark price, 0.3779 yuan/kWh.
    income: [
      { receivedOn: '2026-10-16', period: '2026-09', amount: '7505.09', source: `${GRID}(9月上网电量19860千瓦时)` },
      { receivedOn: '2026-11-13', period: '2026-10', amount: '6583.02', source: `${GRID}(10月上网电量17420千瓦时)` },
    ],
    // 大刘村 has no listed household without labour capacity: those with partial capacity come next.
    distributions: [
      {
        on: '2026-11-20',
        partial: '800.00',
        purposes: [
          ['public_welfare_job', '4800.00'],
          ['upkeep', '1000.00'],
        ],
      },
    ],
  },
  {
    key: 'p05:greenhouses',
    project: 'p05',
    name: '王店村高标准日光温室蔬菜大棚17座(含水肥一体化滴灌设施)',
    assetClass: 'operating',
    location: WANGDIAN,
    value: 'rest',
    registeredOn: '2026-10-16',
    owner: { type: 'village_collective', name: '郾城区孟庙镇王店村股份经济合作社' },
    operator: WANGDIAN_CO_OP,
    custodian: '王店村股份经济合作社',
    responsiblePerson: '王振华',
    // 17 greenhouses at 6,000 yuan a year each, paid by the quarter in advance.
    income: [{ receivedOn: '2026-10-20', period: '2026-Q4', amount: '25500.00', source: `${WANGDIAN_CO_OP} 大棚租金` }],
    distributions: [
      {
        on: '2026-11-18',
        none: '1500.00',
        partial: '600.00',
        purposes: [
          ['public_welfare_job', '6000.00'],
          ['industry_award', '2000.00'],
          ['collective', '8000.00'],
        ],
      },
    ],
  },
  houseGreenhouse(0),
  houseGreenhouse(1),
  {
    // A gale on 2026-11-02 bent its steel frame beyond repair: scrapped with the three approvals, nothing recovered.
    ...houseGreenhouse(2),
    disposal: {
      method: 'scrap',
      villageAssemblyOn: '2026-11-06',
      townshipApprovedOn: '2026-11-10',
      countyApprovedOn: '2026-11-16',
      disposedOn: '2026-11-18',
      proceeds: '0.00',
      proceedsTo: 'village_collective',
      docNo: '郾乡振〔2026〕96号',
    },
  },
  {
    // Built by the water bureau; registered at what was paid so far (the final payment awaits the 决算 review),
    // then handed to the village, which keeps it running (村级供水管理员).
    key: 'p06:water',
    project: 'p06',
    name: '商桥村集中供水工程(机井1眼、供水管网5.8公里、无塔供水及消毒设备)',
    assetClass: 'public_welfare',
    location: SHANGQIAO,
    value: 'rest',
    registeredOn: '2026-11-06',
    owner: { type: 'department', name: '郾城区水利局' },
    custodian: '郾城区水利局农村供水管理站',
    responsiblePerson: '陈志强',
    certificateNo: '取水(豫漯郾)字〔2026〕第0017号',
    transfers: [
      {
        on: '2026-11-16',
        docNo: '郾水移〔2026〕7号',
        to: { type: 'village_collective', name: '郾城区商桥镇商桥村股份经济合作社' },
        custodian: '商桥村村民委员会',
        responsiblePerson: '薛长林',
      },
    ],
  },
];
