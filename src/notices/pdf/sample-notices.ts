import { createHash } from 'node:crypto';
import { fenToYuan } from '../../common/money';
import { seededRandom } from '../../common/seeded-random';
import { formatYuan } from './format';
import { NoticeContent, NoticeSeal, NoticeTable, NoticeType } from '../notice-content';

/** Sample notices for 郾城区 (docs/samples, PDF tests and benchmark), from a seeded generator with masked IDs. */
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
];
const GIVEN = [
  '建国',
  '秀英',
  '桂兰',
  '玉梅',
  '志强',
  '国庆',
  '红军',
  '新民',
  '凤英',
  '春生',
  '振华',
  '金花',
  '保国',
  '海军',
  '长安',
  '文明',
  '德胜',
  '小平',
  '爱华',
  '书林',
  '玉兰',
  '明亮',
  '广才',
  '淑珍',
  '俊杰',
];
const TOWNS = ['新店镇', '龙城镇', '李集镇', '裴城镇', '孟庙镇', '商桥镇', '黑龙潭镇', '邓襄镇', '城关镇', '沙北街道'];
const VILLAGES = [
  '刘庄村',
  '王店村',
  '前杨村',
  '后李村',
  '东孟村',
  '西张村',
  '大刘村',
  '小韩村',
  '新河村',
  '柳园村',
  '郭湾村',
  '岗王村',
];
const WORKS: ReadonlyArray<[string, string]> = [
  ['道路硬化项目', '新建水泥混凝土道路{n}公里，路面宽4米、厚0.18米，配套排水边沟'],
  ['高标准农田灌溉配套项目', '新打机井{n}眼，配套地埋管道、智能计量设施及井房'],
  ['肉牛养殖到户奖补项目', '对发展肉牛养殖的脱贫户、监测户按每头2000元标准给予奖补，共{n}头'],
  ['光伏电站运维项目', '村级光伏电站{n}座组件清洗、逆变器更换及线路改造'],
  ['饮水安全巩固提升项目', '更换供水主管网{n}公里，新建蓄水池一座'],
  ['小额信贷贴息项目', '对{n}户脱贫户小额信贷按基准利率给予全额贴息'],
  ['雨露计划职业教育补助项目', '对{n}名中高职在校脱贫家庭学生每学期补助1500元'],
  ['村集体经济大棚项目', '新建日光温室大棚{n}座，配套水肥一体化设施，资产归村集体所有'],
];
const HOTLINE = { local: '0395-3361200', national: '12317' };

/** "411103********1234": first six and last four digits, as DOMAIN.md says public lists show. */
function maskedId(r: () => number): string {
  const last = int(r, 0, 9999).toString().padStart(4, '0');
  return `411103********${r() < 0.05 ? last.slice(0, 3) + 'X' : last}`;
}
const person = (r: () => number) => pick(r, SURNAMES) + pick(r, GIVEN);

function base(
  type: NoticeType,
  title: string,
  issuer: string,
  region: [string, string],
): Omit<NoticeContent, 'preamble' | 'fields' | 'tables'> {
  return {
    version: 1,
    type,
    title,
    issuer,
    regionCode: region[0],
    regionName: region[1],
    projectId: '3f1c2a9e-6b7d-4c1e-9a52-0d8e7b6a1c01',
    correctsNoticeId: null,
    periodStart: '2026-03-01',
    periodEnd: '2026-03-08',
    issuedOn: '2026-03-01',
    hotline: HOTLINE,
  };
}

/** A to-household table: names, masked IDs, 村组, members, content and amount, with its total. */
function householdTable(title: string, rows: number, seed: number, item: string, perUnitFen: bigint): NoticeTable {
  const r = seededRandom(seed);
  let total = 0n;
  const body = Array.from({ length: rows }, (_, i) => {
    const units = BigInt(int(r, 1, 4));
    const fen = units * perUnitFen;
    total += fen;
    return {
      no: String(i + 1),
      name: person(r),
      id: maskedId(r),
      group: `${int(r, 1, 9)}组`,
      members: String(int(r, 1, 6)),
      item: `${item}${units}${item.includes('牛') ? '头' : '份'}`,
      amount: fenToYuan(fen),
    };
  });
  return {
    title,
    columns: [
      { key: 'no', label: '序号', kind: 'text', width: 5 },
      { key: 'name', label: '户主姓名', kind: 'text', width: 9 },
      { key: 'id', label: '身份证号', kind: 'text', width: 21 },
      { key: 'group', label: '村民组', kind: 'text', width: 7 },
      { key: 'members', label: '人口', kind: 'text', width: 5 },
      { key: 'item', label: '补助内容', kind: 'text', width: 15 },
      { key: 'amount', label: '补助金额', kind: 'amount', width: 12 },
    ],
    rows: body,
    total: { no: '合计', name: `${rows}户`, amount: fenToYuan(total) },
  };
}

export function sampleApplication(): NoticeContent {
  const items: Array<[string, string, string, bigint]> = [
    ['C30水泥混凝土路面（宽4米、厚0.18米）', '平方米', '4800', 8850n],
    ['级配碎石基层（厚0.15米）', '平方米', '5200', 2650n],
    ['路肩培土及压实', '米', '2400', 1200n],
    ['排水边沟（砖砌，含盖板）', '米', '1200', 9800n],
    ['交通安全标志牌及减速带', '处', '6', 185000n],
  ];
  let total = 0n;
  const rows = items.map(([name, unit, qty, priceFen], i) => {
    const fen = BigInt(qty) * priceFen;
    total += fen;
    return { no: String(i + 1), name, unit, qty, price: fenToYuan(priceFen), amount: fenToYuan(fen) };
  });
  return {
    ...base('application', '郾城区新店镇刘庄村2026年度道路硬化项目申报公示', '刘庄村村民委员会', [
      '411103101203',
      '漯河市郾城区新店镇刘庄村',
    ]),
    preamble:
      '根据《郾城区2026年度巩固拓展脱贫攻坚成果和乡村振兴项目库建设工作方案》，' +
      '经村“两委”提议、村民代表大会讨论通过，刘庄村拟申报2026年度道路硬化项目。' +
      '为保障群众的知情权、参与权和监督权，现将项目申报情况予以公示。' +
      '公示期内，对公示内容如有异议，可通过电话、信函或当面向村委会、新店镇人民政府反映，' +
      '也可扫描页脚二维码核验本公示的真实性。',
    fields: [
      { label: '项目名称', value: '郾城区新店镇刘庄村2026年度道路硬化项目' },
      { label: '项目类型', value: '乡村建设行动—农村基础设施（农村道路）' },
      { label: '实施地点', value: '漯河市郾城区新店镇刘庄村3组至5组' },
      {
        label: '建设内容',
        value: '新建水泥混凝土道路1.2公里，路面宽4米、厚0.18米；配套砖砌排水边沟1200米及交通安全设施。',
      },
      { label: '申报资金', value: fenToYuan(total), amountYuan: fenToYuan(total) },
      { label: '资金来源', value: '拟申请财政衔接推进乡村振兴补助资金，村集体自筹部分用于路肩培土' },
      { label: '实施期限', value: '2026年4月至2026年8月' },
      { label: '实施单位及责任人', value: '刘庄村村民委员会　刘建国（村党支部书记）' },
      { label: '绩效目标', value: '解决3个村民组412户1506人出行难问题，道路使用年限不少于15年，群众满意度不低于95%。' },
      { label: '带贫减贫机制', value: '受益脱贫户及监测户32户108人；优先吸纳脱贫劳动力参与务工，预计带动务工15人次。' },
    ],
    tables: [
      {
        title: '项目建设内容及投资明细',
        columns: [
          { key: 'no', label: '序号', kind: 'text', width: 5 },
          { key: 'name', label: '建设内容', kind: 'text', width: 28 },
          { key: 'unit', label: '单位', kind: 'text', width: 7 },
          { key: 'qty', label: '数量', kind: 'text', width: 7 },
          { key: 'price', label: '单价', kind: 'amount', width: 10 },
          { key: 'amount', label: '金额', kind: 'amount', width: 14 },
        ],
        rows,
        total: { no: '合计', amount: fenToYuan(total) },
      },
    ],
  };
}

export function sampleApproval(households = 50): NoticeContent {
  const table = householdTable('到户奖补对象及金额明细', households, 7, '能繁母牛', 200000n);
  const total = table.total!.amount;
  return {
    ...base('approval', '郾城区李集镇前杨村2026年度肉牛养殖到户奖补项目批复公示', '郾城区农业农村局（乡村振兴局）', [
      '411103103205',
      '漯河市郾城区李集镇前杨村',
    ]),
    periodEnd: '2026-03-11',
    preamble:
      '经镇级审核、区级项目评审，郾城区乡村振兴领导小组研究批复同意实施李集镇前杨村2026年度肉牛养殖到户奖补项目。' +
      '项目开工前，现将批复情况及到户奖补对象予以公示。' +
      '公示期内如有异议，请向前杨村村委会、李集镇人民政府或区农业农村局反映。',
    fields: [
      { label: '项目名称', value: '郾城区李集镇前杨村2026年度肉牛养殖到户奖补项目' },
      { label: '批复文号', value: '郾乡振〔2026〕12号' },
      { label: '实施地点', value: '漯河市郾城区李集镇前杨村' },
      {
        label: '建设内容',
        value: '对发展肉牛养殖的脱贫户、监测户按每头能繁母牛2000元标准给予一次性奖补，每户最多奖补4头。',
      },
      { label: '补助标准', value: '能繁母牛每头2000元' },
      { label: '批复资金', value: total, amountYuan: total },
      { label: '资金来源及规模', value: `中央财政衔接推进乡村振兴补助资金${formatYuan(total)}元（郾财农〔2026〕5号）` },
      { label: '实施期限', value: '2026年3月至2026年10月' },
      { label: '实施单位及责任人', value: '李集镇人民政府　杨振华（副镇长）' },
      { label: '绩效目标', value: `带动${households}户脱贫户、监测户户均年增收3000元以上，奖补资金到户率100%。` },
    ],
    tables: [table],
  };
}

export function sampleCompletion(): NoticeContent {
  const table = householdTable('受益农户名单', 30, 11, '大棚承包经营', 150000n);
  return {
    ...base('completion', '郾城区孟庙镇东孟村2026年度村集体经济大棚项目验收公示', '东孟村村民委员会　孟庙镇人民政府', [
      '411103106101',
      '漯河市郾城区孟庙镇东孟村',
    ]),
    periodStart: '2026-09-20',
    periodEnd: '2026-09-25',
    issuedOn: '2026-09-20',
    preamble:
      '孟庙镇东孟村2026年度村集体经济大棚项目已按批复内容建设完成，经区农业农村局、区财政局组织联合验收，验收结论为合格。项目尾款支付前，现将验收结果、资产形成及受益农户情况予以公示，公示期满无异议后办理结算及资产移交手续。',
    fields: [
      { label: '项目名称', value: '郾城区孟庙镇东孟村2026年度村集体经济大棚项目' },
      { label: '批复文号', value: '郾乡振〔2026〕31号' },
      { label: '施工单位', value: '漯河市恒远建设工程有限公司' },
      { label: '建设内容', value: '新建日光温室大棚12座（每座长80米、跨度10米），配套水肥一体化设施1套、机井2眼。' },
      { label: '批复资金', value: '1600000.00', amountYuan: '1600000.00' },
      { label: '结算金额', value: '1587406.35', amountYuan: '1587406.35' },
      { label: '验收结果', value: '合格。工程质量、数量与批复一致，资料齐全（2026年9月18日联合验收）。' },
      {
        label: '资产形成',
        value: '经营性资产，产权归东孟村股份经济合作社，由村集体统一发包经营，收益优先用于无劳动能力脱贫户及公益岗位。',
      },
    ],
    tables: [
      {
        title: '形成资产明细',
        columns: [
          { key: 'no', label: '资产编号', kind: 'text', width: 20 },
          { key: 'name', label: '资产名称', kind: 'text', width: 16 },
          { key: 'cls', label: '类别', kind: 'text', width: 8 },
          { key: 'qty', label: '数量', kind: 'text', width: 7 },
          { key: 'owner', label: '产权归属', kind: 'text', width: 14 },
          { key: 'value', label: '原值', kind: 'amount', width: 13 },
        ],
        rows: [
          {
            no: 'ZC-411103-2026-0031',
            name: '日光温室大棚（钢架结构）',
            cls: '经营性',
            qty: '12座',
            owner: '东孟村股份经济合作社',
            value: '1386000.00',
          },
          {
            no: 'ZC-411103-2026-0032',
            name: '水肥一体化灌溉设施',
            cls: '经营性',
            qty: '1套',
            owner: '东孟村股份经济合作社',
            value: '138406.35',
          },
          {
            no: 'ZC-411103-2026-0033',
            name: '机井及井房',
            cls: '经营性',
            qty: '2眼',
            owner: '东孟村股份经济合作社',
            value: '63000.00',
          },
        ],
        total: { no: '合计', value: '1587406.35' },
      },
      table,
    ],
  };
}

export function sampleAnnouncement(projects = 120): NoticeContent {
  const r = seededRandom(2026);
  const sums = { central: 0n, province: 0n, city: 0n, county: 0n, all: 0n };
  const rows = Array.from({ length: projects }, (_, i) => {
    const town = pick(r, TOWNS);
    const village = pick(r, VILLAGES);
    const [name, scope] = pick(r, WORKS);
    const central = BigInt(int(r, 5, 120)) * 1000000n + BigInt(int(r, 0, 99)) * 100n;
    const province = r() < 0.6 ? BigInt(int(r, 1, 30)) * 1000000n : 0n;
    const city = r() < 0.3 ? BigInt(int(r, 1, 10)) * 500000n : 0n;
    const county = BigInt(int(r, 0, 20)) * 250000n;
    const all = central + province + city + county;
    sums.central += central;
    sums.province += province;
    sums.city += city;
    sums.county += county;
    sums.all += all;
    return {
      no: String(i + 1),
      town,
      name: `${village}${name}`,
      scope: scope.replace('{n}', String(int(r, 1, 12))),
      central: fenToYuan(central),
      province: province ? fenToYuan(province) : '',
      city: city ? fenToYuan(city) : '',
      county: county ? fenToYuan(county) : '',
      all: fenToYuan(all),
    };
  });
  const yuan = (fen: bigint) => fenToYuan(fen);
  return {
    ...base(
      'announcement',
      '郾城区2026年度财政衔接推进乡村振兴补助资金分配结果公告',
      '郾城区农业农村局（乡村振兴局）　郾城区财政局',
      ['411103000000', '漯河市郾城区'],
    ),
    projectId: null,
    periodStart: '2026-02-15',
    periodEnd: null,
    issuedOn: '2026-02-15',
    preamble:
      '根据《中央财政衔接推进乡村振兴补助资金管理办法》和省、市有关要求，按照“谁分配、谁使用、谁公开”的原则，现将郾城区2026年度财政衔接推进乡村振兴补助资金分配结果予以公告，接受社会监督。',
    fields: [
      { label: '资金总规模', value: yuan(sums.all), amountYuan: yuan(sums.all) },
      { label: '项目个数', value: `${projects}个，涉及${TOWNS.length}个乡镇（街道）` },
    ],
    tables: [
      {
        title: '郾城区2026年度衔接资金项目分配明细表',
        columns: [
          { key: 'no', label: '序号', kind: 'text', width: 6 },
          { key: 'town', label: '乡镇', kind: 'text', width: 8 },
          { key: 'name', label: '项目名称', kind: 'text', width: 15 },
          { key: 'scope', label: '建设内容', kind: 'text', width: 21 },
          { key: 'central', label: '中央', kind: 'amount', width: 12 },
          { key: 'province', label: '省级', kind: 'amount', width: 11 },
          { key: 'city', label: '市级', kind: 'amount', width: 9 },
          { key: 'county', label: '区级', kind: 'amount', width: 10 },
          { key: 'all', label: '合计', kind: 'amount', width: 12 },
        ],
        rows,
        total: {
          no: '合计',
          central: yuan(sums.central),
          province: yuan(sums.province),
          city: yuan(sums.city),
          county: yuan(sums.county),
          all: yuan(sums.all),
        },
      },
    ],
  };
}

export const SAMPLE_BUILDERS: Record<NoticeType, () => NoticeContent> = {
  application: sampleApplication,
  approval: () => sampleApproval(),
  completion: sampleCompletion,
  announcement: () => sampleAnnouncement(),
};

/** A stand-in for the journal's seal (the real hash is of RFC 8785 JSON; any stable hash does here). */
export function fakeSeal(content: NoticeContent, seq = 1287): NoticeSeal {
  const contentHash = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  return {
    contentHash,
    book: content.regionCode.slice(0, 6),
    seq: String(seq),
    verifyUrl:
      'https://gongshi.yancheng.example.cn/public/verify/' +
      (content.projectId ?? '8d0b6c1e-2f4a-4b7e-a1d3-5c9e0f7a2b44'),
  };
}
