import { DataSource } from 'typeorm';
import { bookOfRegion } from '../common/region-code';
import { AllocateFundDto, CreateFundDto, FundDto } from '../funds/dto/fund.dto';
import { Fund, type SourceLevel } from '../funds/fund.entity';
import { FundsService } from '../funds/funds.service';
import type { DemoClient } from './demo-client';

export const PROVINCE = '410000000000';
export const CITY = '411100000000';
export const COUNTY = '411103000000';

interface FundPlan {
  key: string;
  sourceLevel: SourceLevel;
  title: string;
  purpose: string;
  /** The document at its first level (province, or county for county money). */
  received: { regionCode: string; docNo: string; amount: string; issuedOn: string };
  /** Down the levels: province → city → county. */
  allocations: Array<{ toRegionCode: string; docNo: string; amount: string; issuedOn: string }>;
}

/** The central fund's 文号 in the county's books: its presence means the demo year is there. */
export const CENTRAL_COUNTY_DOC = '漯财农〔2026〕5号';

/**
 * The money of the county's year (2026): central and provincial 衔接资金 arriving at the province
 * and passed down through 漯河市 to 郾城区, plus the county's own budget money. The province and
 * the city keep the rest for their other counties, as they would.
 */
export const DEMO_FUNDS: FundPlan[] = [
  {
    key: 'central',
    sourceLevel: 'central',
    title: '关于下达2026年中央财政衔接推进乡村振兴补助资金预算的通知',
    purpose: '巩固拓展脱贫攻坚成果同乡村振兴有效衔接:产业发展、就业帮扶、农村基础设施补短板',
    received: { regionCode: PROVINCE, docNo: '财农〔2026〕3号', amount: '1856000000.00', issuedOn: '2026-01-08' },
    allocations: [
      { toRegionCode: CITY, docNo: '豫财农〔2026〕12号', amount: '86400000.00', issuedOn: '2026-01-20' },
      { toRegionCode: COUNTY, docNo: CENTRAL_COUNTY_DOC, amount: '9600000.00', issuedOn: '2026-02-05' },
    ],
  },
  {
    key: 'provincial',
    sourceLevel: 'provincial',
    title: '关于下达2026年省级财政衔接推进乡村振兴补助资金的通知',
    purpose: '省级衔接资金:支持脱贫地区特色产业、小型公益性基础设施和雨露计划',
    received: { regionCode: PROVINCE, docNo: '豫财农〔2026〕15号', amount: '620000000.00', issuedOn: '2026-02-26' },
    allocations: [
      { toRegionCode: CITY, docNo: '豫财农〔2026〕16号', amount: '32000000.00', issuedOn: '2026-03-06' },
      { toRegionCode: COUNTY, docNo: '漯财农〔2026〕8号', amount: '4800000.00', issuedOn: '2026-03-18' },
    ],
  },
  {
    key: 'county',
    sourceLevel: 'county',
    title: '关于安排2026年县级财政衔接推进乡村振兴资金的通知',
    purpose: '县级配套:小额信贷贴息、到户产业奖补和项目管护',
    received: { regionCode: COUNTY, docNo: '郾财农〔2026〕3号', amount: '2000000.00', issuedOn: '2026-03-02' },
    allocations: [],
  },
  {
    // Money of the previous year still carried in the county's books: it pays the retention
    // (质保金) of last year's road, released in 2026 twelve months after its acceptance.
    key: 'county2025',
    sourceLevel: 'county',
    title: '关于安排2025年县级财政衔接推进乡村振兴资金的通知',
    purpose: '县级配套(上年结转):村组道路建设',
    received: { regionCode: COUNTY, docNo: '郾财农〔2025〕4号', amount: '1200000.00', issuedOn: '2025-02-20' },
    allocations: [],
  },
];

export type DemoFundKey = 'central' | 'provincial' | 'county' | 'county2025';

/** Records the documents and allocations; answers the id of each fund in the county's books. */
export async function loadDemoFunds(client: DemoClient): Promise<Record<DemoFundKey, string>> {
  const funds = client.app.get(FundsService);
  // The service refuses a 文号 already in the book before the journal could answer a replay,
  // so a document recorded by an earlier load is looked up instead of sent again.
  const recorded = async (regionCode: string, docNo: string): Promise<FundDto | undefined> => {
    const row = await client.app
      .get(DataSource)
      .getRepository(Fund)
      .findOneBy({ book: bookOfRegion(regionCode), docNo });
    return row ? funds.view(row.id) : undefined;
  };
  const ids: Partial<Record<DemoFundKey, string>> = {};
  for (const plan of DEMO_FUNDS) {
    const r = plan.received;
    const finance = client.as('finance', r.regionCode);
    let fund =
      (await recorded(r.regionCode, r.docNo)) ??
      (await client.write(
        CreateFundDto,
        {
          docNo: r.docNo,
          title: plan.title,
          sourceLevel: plan.sourceLevel,
          regionCode: r.regionCode,
          amount: r.amount,
          issuedOn: r.issuedOn,
          purpose: plan.purpose,
        },
        `fund:${plan.key}`,
        (body, key) => funds.create(finance, body, key),
      ));
    for (const a of plan.allocations) {
      const from = client.as('finance', fund.regionCode);
      const parentId = fund.id;
      fund =
        (await recorded(a.toRegionCode, a.docNo)) ??
        (await client.write(AllocateFundDto, { ...a }, `fund:${plan.key}:to:${a.toRegionCode}`, (body, key) =>
          funds.allocate(from, parentId, body, key),
        ));
    }
    ids[plan.key as DemoFundKey] = fund.id;
  }
  return ids as Record<DemoFundKey, string>;
}
