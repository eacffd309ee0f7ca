import type { DemoFundKey } from './demo-funds';

/** The steps a demo project goes through, in lifecycle order; `end` names how it stops short. */
export const STEP_ORDER = ['apply', 'review', 'approve', 'start', 'complete', 'accept'] as const;
export type DemoStep = (typeof STEP_ORDER)[number] | 'reject' | 'fail' | 'cancel';

export interface ContractorPayment {
  kind: 'advance' | 'progress' | 'final' | 'retention_release';
  amount: string;
  on: string;
}

/** One payment to each of `count` households on the list in the project's region (到户). */
export interface HouseholdRound {
  amount: string;
  on: string;
  count: number;
  /** Only households that can work (loans for a household business). */
  working?: boolean;
}

export interface ProjectPlan {
  code: string;
  name: string;
  regionCode: string;
  category: string;
  content: string;
  budget: string;
  selfFunded?: string;
  performanceGoal: string;
  povertyLinkage: string;
  beneficiaries: { households: number; persons: number };
  implementingUnit: string;
  responsiblePerson: string;
  plannedStart: string;
  plannedEnd: string;
  /** Dates of apply, review, approve, start, complete, accept — as far as the project got. */
  dates: string[];
  /** How the project stopped short of the next step, if it did. */
  end?: { step: 'reject' | 'fail' | 'cancel'; on: string; why: string };
  funding?: Array<[DemoFundKey, string]>;
  contract?: { contractor: string; amount: string; procurement: string };
  /** 决算: a fixed amount, or `paid` (subsidies: the acceptance settles what was paid). */
  finalCost?: string | 'paid';
  payments?: ContractorPayment[];
  households?: HouseholdRound[];
}

const V = {
  houjie: '411102100201',
  shicaozhao: '411102100202',
  daliu: '411102100203',
  mengmiao: '411102101201',
  wangdian: '411102101202',
  shangqiao: '411102102201',
  sizhuang: '411102102202',
  peicheng: '411102103201',
  linzhuang: '411102103202',
};
const CHENGGUAN = '411102100000';

const ROAD = '以工代赈方式吸纳本村脱贫劳动力务工,改善群众出行和农产品运输条件';

/**
 * Twenty-one projects of the county's year, from a 2025 road whose retention falls due in 2026 to
 * applications filed last week: every state of the lifecycle, payments of every kind. Between
 * apply→review, approve→start and accept→final payment there are at least 12 days, room for the
 * publicity periods (公示) of 7, 10 and 5 days.
 */
export const DEMO_PROJECTS: ProjectPlan[] = [
  {
    code: 'p01', name: '后街村2025年村组道路硬化工程', regionCode: V.houjie, category: '基础设施',
    content: '硬化村组道路3.2公里,路面宽4.5米,C30混凝土厚18厘米,配套排水边沟和错车平台4处',
    budget: '1000000.00', selfFunded: '20000.00',
    performanceGoal: '新建硬化道路3.2公里,工程验收合格率100%,受益群众满意度≥95%,道路设计使用年限≥10年',
    povertyLinkage: ROAD, beneficiaries: { households: 46, persons: 158 },
    implementingUnit: '郾城区城关镇后街村村民委员会', responsiblePerson: '赵文亮', plannedStart: '2025-04-15', plannedEnd: '2025-08-31',
    dates: ['2025-03-10', '2025-03-24', '2025-04-07', '2025-04-21', '2025-08-20', '2025-09-05'],
    funding: [['county2025', '980000.00']],
    contract: { contractor: '漯河市恒通路桥工程有限公司', amount: '975000.00', procurement: '公开招标' },
    finalCost: '968400.00',
    payments: [
      { kind: 'advance', amount: '294000.00', on: '2025-04-28' },
      { kind: 'progress', amount: '400000.00', on: '2025-07-01' },
      { kind: 'final', amount: '245348.00', on: '2025-09-20' },
      { kind: 'retention_release', amount: '29052.00', on: '2026-09-10' },
    ],
  },
  {
    code: 'p02', name: '城关镇2026年雨露计划职业教育补助', regionCode: CHENGGUAN, category: '就业帮扶',
    content: '对脱贫家庭(含监测对象家庭)子女接受中、高等职业教育的,按每生每学期1500元标准发放补助',
    budget: '36000.00',
    performanceGoal: '补助脱贫家庭在校职业教育学生12人次×2学期,补助资金按时足额发放率100%,受助学生满意度≥95%',
    povertyLinkage: '补助直接发放到脱贫家庭“一卡通”账户,减轻家庭教育负担,阻断贫困代际传递',
    beneficiaries: { households: 12, persons: 12 },
    implementingUnit: '郾城区城关镇人民政府', responsiblePerson: '孙红梅', plannedStart: '2026-05-01', plannedEnd: '2026-10-31',
    dates: ['2026-03-20', '2026-04-03', '2026-04-17', '2026-05-01', '2026-10-20', '2026-11-03'],
    funding: [['provincial', '36000.00']], finalCost: 'paid',
    households: [
      { amount: '1500.00', on: '2026-05-15', count: 12 },
      { amount: '1500.00', on: '2026-10-12', count: 12 },
    ],
  },
  {
    code: 'p03', name: '孟庙村2026年脱贫人口小额信贷贴息', regionCode: V.mengmiao, category: '金融帮扶',
    content: '对脱贫户发展产业获得的5万元以下、3年以内脱贫人口小额信贷,按LPR全额贴息',
    budget: '21750.00',
    performanceGoal: '贴息户数10户,贴息资金足额到户率100%,获贷户产业项目正常运营率≥90%',
    povertyLinkage: '贴息资金直接拨付到户,支持有劳动能力的脱贫户发展养殖和种植产业',
    beneficiaries: { households: 10, persons: 37 },
    implementingUnit: '郾城区孟庙镇孟庙村村民委员会', responsiblePerson: '郭建军', plannedStart: '2026-06-01', plannedEnd: '2026-06-30',
    dates: ['2026-04-20', '2026-05-04', '2026-05-18', '2026-06-01', '2026-06-30', '2026-07-14'],
    funding: [['county', '21750.00']], finalCost: 'paid',
    households: [{ amount: '2175.00', on: '2026-06-15', count: 10, working: true }],
  },
  {
    code: 'p04', name: '大刘村200千瓦分布式光伏电站', regionCode: V.daliu, category: '产业发展',
    content: '利用村集体闲置建设用地建设分布式光伏电站200千瓦,含组件、逆变器、并网柜及围栏',
    budget: '820000.00', selfFunded: '20000.00',
    performanceGoal: '装机容量200千瓦,年发电量≥24万千瓦时,村集体年增收≥8万元,设计运行年限≥25年',
    povertyLinkage: '发电收益归村集体,60%以上用于设置公益岗位和救助无劳动能力脱贫户',
    beneficiaries: { households: 38, persons: 121 },
    implementingUnit: '郾城区城关镇大刘村股份经济合作社', responsiblePerson: '刘保国', plannedStart: '2026-04-25', plannedEnd: '2026-08-31',
    dates: ['2026-03-16', '2026-03-30', '2026-04-13', '2026-04-27', '2026-08-25', '2026-09-08'],
    funding: [['central', '760000.00'], ['county', '40000.00']],
    contract: { contractor: '河南中禾光伏科技有限公司', amount: '789000.00', procurement: '公开招标' },
    finalCost: '792600.00',
    payments: [
      { kind: 'advance', amount: '240000.00', on: '2026-05-06' },
      { kind: 'progress', amount: '320000.00', on: '2026-07-15' },
      { kind: 'final', amount: '208822.00', on: '2026-09-22' },
    ],
  },
  {
    code: 'p05', name: '王店村高标准日光温室蔬菜大棚建设', regionCode: V.wangdian, category: '产业发展',
    content: '新建钢架结构日光温室蔬菜大棚20座,每座约1.2亩,配套水肥一体化滴灌和田间作业道',
    budget: '1560000.00', selfFunded: '80000.00',
    performanceGoal: '建成大棚20座,大棚出租率≥90%,村集体年增收≥12万元,带动脱贫户务工人均年增收≥3000元',
    povertyLinkage: '大棚由村集体出租给合作社经营,优先吸纳脱贫户务工,租金收益用于脱贫户分红和公益岗位',
    beneficiaries: { households: 52, persons: 176 },
    implementingUnit: '郾城区孟庙镇王店村股份经济合作社', responsiblePerson: '王振华', plannedStart: '2026-05-01', plannedEnd: '2026-09-30',
    dates: ['2026-03-25', '2026-04-08', '2026-04-22', '2026-05-06', '2026-09-15', '2026-09-29'],
    funding: [['central', '1180000.00'], ['provincial', '300000.00']],
    contract: { contractor: '漯河市绿源温室工程有限公司', amount: '1468000.00', procurement: '公开招标' },
    finalCost: '1452300.00',
    payments: [
      { kind: 'advance', amount: '444000.00', on: '2026-05-12' },
      { kind: 'progress', amount: '600000.00', on: '2026-07-20' },
      { kind: 'final', amount: '364731.00', on: '2026-10-13' },
    ],
  },
  {
    code: 'p06', name: '商桥村农村供水保障(饮水安全)提升工程', regionCode: V.shangqiao, category: '基础设施',
    content: '新打机井1眼(深260米),更换PE供水管网5.8公里,新建无塔供水设备及消毒设施1套',
    budget: '640000.00',
    performanceGoal: '解决1260人饮水安全问题,自来水普及率100%,水质达标率100%,工程设计使用年限≥15年',
    povertyLinkage: '覆盖全村58户脱贫户和监测户,保障稳定安全饮水,降低因病返贫风险',
    beneficiaries: { households: 58, persons: 1260 },
    implementingUnit: '郾城区水利局', responsiblePerson: '陈志强', plannedStart: '2026-05-20', plannedEnd: '2026-10-31',
    dates: ['2026-04-08', '2026-04-22', '2026-05-06', '2026-05-20', '2026-10-20', '2026-11-03'],
    funding: [['central', '640000.00']],
    contract: { contractor: '漯河市郾城区水务工程有限公司', amount: '628000.00', procurement: '竞争性磋商' },
    finalCost: '628500.00',
    payments: [
      { kind: 'advance', amount: '190000.00', on: '2026-05-27' },
      { kind: 'progress', amount: '300000.00', on: '2026-08-18' },
    ],
  },
  {
    code: 'p07', name: '司庄村肉牛养殖场产业配套设施', regionCode: V.sizhuang, category: '产业发展',
    content: '新建标准化牛舍1200平方米、青贮窖600立方米、粪污处理池及防疫消毒通道',
    budget: '950000.00', selfFunded: '50000.00',
    performanceGoal: '建成存栏300头肉牛养殖场,村集体年租金收益≥6万元,带动脱贫户务工15人',
    povertyLinkage: '养殖场租赁给龙头企业经营,租金收益归村集体,优先吸纳脱贫户务工',
    beneficiaries: { households: 31, persons: 102 },
    implementingUnit: '郾城区商桥镇司庄村股份经济合作社', responsiblePerson: '马德胜', plannedStart: '2026-05-15', plannedEnd: '2026-09-30',
    dates: ['2026-04-02', '2026-04-16', '2026-04-30', '2026-05-14', '2026-09-30'],
    end: { step: 'fail', on: '2026-10-14', why: '粪污处理池防渗层及雨污分流设施不符合设计要求,验收不合格,责令施工单位限期整改' },
    funding: [['provincial', '900000.00']],
    contract: { contractor: '漯河市鑫农畜牧设备有限公司', amount: '885000.00', procurement: '公开招标' },
    payments: [
      { kind: 'advance', amount: '270000.00', on: '2026-05-21' },
      { kind: 'progress', amount: '350000.00', on: '2026-08-10' },
    ],
  },
  {
    code: 'p08', name: '裴城村村组道路硬化工程', regionCode: V.peicheng, category: '基础设施',
    content: '硬化村组道路3.6公里,路面宽4米,C30混凝土厚18厘米,配套路肩培护和安全警示标志',
    budget: '1420000.00', selfFunded: '20000.00',
    performanceGoal: '新建硬化道路3.6公里,工程验收合格率100%,受益群众满意度≥95%',
    povertyLinkage: ROAD, beneficiaries: { households: 63, persons: 214 },
    implementingUnit: '郾城区裴城镇裴城村村民委员会', responsiblePerson: '裴金山', plannedStart: '2026-05-25', plannedEnd: '2026-10-31',
    dates: ['2026-04-15', '2026-04-29', '2026-05-13', '2026-05-27', '2026-11-05'],
    funding: [['central', '1300000.00'], ['county', '100000.00']],
    contract: { contractor: '漯河市沙澧建筑工程有限公司', amount: '1386000.00', procurement: '公开招标' },
    payments: [
      { kind: 'advance', amount: '420000.00', on: '2026-06-03' },
      { kind: 'progress', amount: '560000.00', on: '2026-08-28' },
      { kind: 'progress', amount: '200000.00', on: '2026-11-10' },
    ],
  },
  {
    code: 'p09', name: '林庄村农田灌溉机井及配套工程', regionCode: V.linzhuang, category: '产业发展',
    content: '新打农田灌溉机井12眼,配套潜水泵、井房及地埋管道4.2公里,新增有效灌溉面积860亩',
    budget: '480000.00',
    performanceGoal: '新增有效灌溉面积860亩,亩均增产≥50公斤,工程设计使用年限≥15年',
    povertyLinkage: '覆盖脱贫户承包地210亩,降低灌溉成本,稳定种植收入',
    beneficiaries: { households: 29, persons: 96 },
    implementingUnit: '郾城区裴城镇林庄村村民委员会', responsiblePerson: '林德顺', plannedStart: '2026-06-15', plannedEnd: '2026-10-31',
    dates: ['2026-05-06', '2026-05-20', '2026-06-03', '2026-06-17', '2026-10-28'],
    funding: [['provincial', '480000.00']],
    contract: { contractor: '漯河市禹龙水利工程有限公司', amount: '472000.00', procurement: '询价' },
    payments: [
      { kind: 'advance', amount: '144000.00', on: '2026-06-24' },
      { kind: 'progress', amount: '200000.00', on: '2026-09-16' },
    ],
  },
  {
    code: 'p10', name: '后街村农产品冷链仓储(冷库)建设', regionCode: V.houjie, category: '产业发展',
    content: '新建1000吨保鲜冷库1座,含库体、制冷机组、分拣车间及装卸平台',
    budget: '920000.00', selfFunded: '40000.00',
    performanceGoal: '建成库容1000吨冷库,年租赁收益≥7万元,带动周边果蔬错峰销售增收',
    povertyLinkage: '冷库资产归村集体,出租收益优先用于脱贫户分红和公益岗位',
    beneficiaries: { households: 44, persons: 150 },
    implementingUnit: '郾城区城关镇后街村股份经济合作社', responsiblePerson: '赵文亮', plannedStart: '2026-07-20', plannedEnd: '2026-12-31',
    dates: ['2026-06-10', '2026-06-24', '2026-07-08', '2026-07-22'],
    funding: [['central', '880000.00']],
    contract: { contractor: '河南华诚冷链设备有限公司', amount: '866000.00', procurement: '公开招标' },
    payments: [
      { kind: 'advance', amount: '264000.00', on: '2026-07-29' },
      { kind: 'progress', amount: '300000.00', on: '2026-10-20' },
    ],
  },
  {
    code: 'p11', name: '石槽赵村排水沟渠及人居环境整治', regionCode: V.shicaozhao, category: '人居环境',
    content: '新建砖砌排水沟2.4公里,清淤坑塘3处,配套垃圾收集点12处',
    budget: '560000.00',
    performanceGoal: '解决村内雨季积水问题,村庄生活污水乱排乱放治理率≥90%,群众满意度≥95%',
    povertyLinkage: '以工代赈吸纳脱贫劳动力务工,劳务报酬占比不低于15%',
    beneficiaries: { households: 35, persons: 118 },
    implementingUnit: '郾城区城关镇石槽赵村村民委员会', responsiblePerson: '赵卫东', plannedStart: '2026-08-10', plannedEnd: '2026-12-20',
    dates: ['2026-07-01', '2026-07-15', '2026-07-29', '2026-08-12'],
    funding: [['county', '560000.00']],
    contract: { contractor: '漯河市沙澧建筑工程有限公司', amount: '548000.00', procurement: '竞争性谈判' },
    payments: [{ kind: 'advance', amount: '168000.00', on: '2026-08-19' }],
  },
  {
    code: 'p12', name: '孟庙村食用菌种植基地建设', regionCode: V.mengmiao, category: '产业发展',
    content: '新建食用菌出菇棚24座、菌棒生产车间800平方米,配套冷水降温和喷淋设施',
    budget: '960000.00', selfFunded: '60000.00',
    performanceGoal: '年产鲜菇≥300吨,村集体年增收≥9万元,带动脱贫户务工20人,人均年增收≥4000元',
    povertyLinkage: '基地由合作社经营,脱贫户可务工或以菇棚托管分红',
    beneficiaries: { households: 40, persons: 133 },
    implementingUnit: '郾城区孟庙镇孟庙村股份经济合作社', responsiblePerson: '郭建军', plannedStart: '2026-08-01', plannedEnd: '2026-12-31',
    dates: ['2026-06-22', '2026-07-06', '2026-07-20', '2026-08-03'],
    funding: [['central', '700000.00'], ['provincial', '200000.00']],
    contract: { contractor: '漯河市豫菌农业科技有限公司', amount: '880000.00', procurement: '公开招标' },
    payments: [
      { kind: 'advance', amount: '270000.00', on: '2026-08-10' },
      { kind: 'progress', amount: '200000.00', on: '2026-10-26' },
    ],
  },
  {
    code: 'p13', name: '王店村生产桥及涵洞建设', regionCode: V.wangdian, category: '基础设施',
    content: '新建钢筋混凝土生产桥1座(长18米、宽5米),改建过路涵洞6处',
    budget: '420000.00',
    performanceGoal: '解决两岸1100亩耕地农机通行问题,工程验收合格率100%',
    povertyLinkage: '方便脱贫户农资运输和农产品外运,以工代赈吸纳本村劳动力',
    beneficiaries: { households: 27, persons: 90 },
    implementingUnit: '郾城区孟庙镇王店村村民委员会', responsiblePerson: '王振华', plannedStart: '2026-11-20', plannedEnd: '2027-04-30',
    dates: ['2026-09-14', '2026-09-28', '2026-11-02'],
    funding: [['central', '420000.00']],
  },
  {
    code: 'p14', name: '裴城村特色林果(梨园)产业配套', regionCode: V.peicheng, category: '产业发展',
    content: '为300亩梨园配套滴灌设施、防雹网和果品分级包装间',
    budget: '420000.00', selfFunded: '20000.00',
    performanceGoal: '梨园亩均增收≥800元,优质果率提高15个百分点,带动脱贫户务工12人',
    povertyLinkage: '脱贫户以土地入股分红,优先安排园区务工',
    beneficiaries: { households: 22, persons: 71 },
    implementingUnit: '郾城区裴城镇裴城村股份经济合作社', responsiblePerson: '裴金山', plannedStart: '2026-11-15', plannedEnd: '2027-03-31',
    dates: ['2026-09-07', '2026-09-21', '2026-10-26'],
    funding: [['provincial', '350000.00'], ['county', '50000.00']],
  },
  {
    code: 'p15', name: '林庄村村内主干道路灯安装', regionCode: V.linzhuang, category: '基础设施',
    content: '安装太阳能路灯120盏,灯杆高6米,LED光源40瓦',
    budget: '186000.00',
    performanceGoal: '主干道路亮化率100%,路灯完好率≥95%,群众满意度≥95%',
    povertyLinkage: '改善脱贫户夜间出行条件,减少安全隐患',
    beneficiaries: { households: 29, persons: 96 },
    implementingUnit: '郾城区裴城镇林庄村村民委员会', responsiblePerson: '林德顺', plannedStart: '2026-12-01', plannedEnd: '2027-01-31',
    dates: ['2026-10-12', '2026-10-26'],
  },
  {
    code: 'p16', name: '后街村生活垃圾收运设施建设', regionCode: V.houjie, category: '人居环境',
    content: '购置垃圾收运车2辆,新建垃圾分类收集亭16处',
    budget: '238000.00', selfFunded: '8000.00',
    performanceGoal: '生活垃圾收运处置率100%,设公益性保洁岗位6个',
    povertyLinkage: '保洁公益岗位优先安排弱劳力脱贫户',
    beneficiaries: { households: 20, persons: 64 },
    implementingUnit: '郾城区城关镇后街村村民委员会', responsiblePerson: '赵文亮', plannedStart: '2026-12-10', plannedEnd: '2027-02-28',
    dates: ['2026-10-19', '2026-11-02'],
  },
  {
    code: 'p17', name: '石槽赵村高效节水灌溉项目', regionCode: V.shicaozhao, category: '产业发展',
    content: '建设喷灌设施覆盖耕地650亩,配套首部枢纽和地埋管网',
    budget: '650000.00', selfFunded: '30000.00',
    performanceGoal: '新增高效节水灌溉面积650亩,亩均节水≥40%,亩均增收≥150元',
    povertyLinkage: '覆盖脱贫户承包地160亩,降低生产成本',
    beneficiaries: { households: 33, persons: 109 },
    implementingUnit: '郾城区城关镇石槽赵村村民委员会', responsiblePerson: '赵卫东', plannedStart: '2027-03-01', plannedEnd: '2027-06-30',
    dates: ['2026-11-10'],
  },
  {
    code: 'p18', name: '司庄村小杂粮加工车间建设', regionCode: V.sizhuang, category: '产业发展',
    content: '新建钢结构加工车间600平方米,购置清选、磨粉和包装设备各1套',
    budget: '380000.00', selfFunded: '40000.00',
    performanceGoal: '年加工小杂粮≥500吨,村集体年增收≥5万元,带动务工10人',
    povertyLinkage: '车间出租给合作社,租金收益用于脱贫户分红,优先吸纳脱贫户务工',
    beneficiaries: { households: 24, persons: 80 },
    implementingUnit: '郾城区商桥镇司庄村股份经济合作社', responsiblePerson: '马德胜', plannedStart: '2027-03-15', plannedEnd: '2027-07-31',
    dates: ['2026-11-16'],
  },
  {
    code: 'p19', name: '大刘村文化广场及村史馆建设', regionCode: V.daliu, category: '基础设施',
    content: '新建文化广场2400平方米,建设村史馆一座(建筑面积320平方米)',
    budget: '860000.00',
    performanceGoal: '建成文化广场和村史馆各1处',
    povertyLinkage: '丰富群众文化生活',
    beneficiaries: { households: 0, persons: 1480 },
    implementingUnit: '郾城区城关镇大刘村村民委员会', responsiblePerson: '刘保国', plannedStart: '2026-07-01', plannedEnd: '2026-11-30',
    dates: ['2026-05-11'],
    end: { step: 'reject', on: '2026-05-25', why: '村史馆属楼堂馆所类建设,不在衔接资金支持范围内;带贫减贫机制不明确,不予通过' },
  },
  {
    code: 'p20', name: '商桥村农机专业合作社库房建设', regionCode: V.shangqiao, category: '产业发展',
    content: '新建农机库房800平方米及维修车间',
    budget: '520000.00', selfFunded: '40000.00',
    performanceGoal: '合作社农机作业服务面积≥8000亩/年,村集体年增收≥4万元',
    povertyLinkage: '为脱贫户提供优惠农机作业服务',
    beneficiaries: { households: 25, persons: 84 },
    implementingUnit: '郾城区商桥镇商桥村股份经济合作社', responsiblePerson: '商永刚', plannedStart: '2026-07-01', plannedEnd: '2026-10-31',
    dates: ['2026-05-18'],
    end: { step: 'cancel', on: '2026-06-15', why: '经村民代表大会讨论,项目选址与村庄规划冲突,村委会申请撤回' },
  },
  {
    code: 'p21', name: '林庄村养殖小区粪污资源化利用', regionCode: V.linzhuang, category: '人居环境',
    content: '新建养殖小区集中粪污处理池2座、堆肥棚400平方米',
    budget: '300000.00',
    performanceGoal: '养殖小区粪污综合利用率≥90%',
    povertyLinkage: '改善村庄环境,有机肥免费供脱贫户使用',
    beneficiaries: { households: 18, persons: 60 },
    implementingUnit: '郾城区裴城镇林庄村村民委员会', responsiblePerson: '林德顺', plannedStart: '2026-07-05', plannedEnd: '2026-10-31',
    dates: ['2026-05-25', '2026-06-08', '2026-06-22', '2026-07-06'],
    end: { step: 'cancel', on: '2026-08-20', why: '施工中发现选址涉及永久基本农田,经县乡村振兴局研究决定终止实施,已付预付款由施工单位按已完工程量结算' },
    funding: [['provincial', '300000.00']],
    contract: { contractor: '漯河市沙澧建筑工程有限公司', amount: '296000.00', procurement: '竞争性谈判' },
    payments: [{ kind: 'advance', amount: '90000.00', on: '2026-07-13' }],
  },
];
