import type { Actor } from '../auth/role';
import { fenToYuan } from '../common/money';
import { AllocateFundDto, CreateFundDto } from '../funds/dto/fund.dto';
import { Fund, type SourceLevel } from '../funds/fund.entity';
import { DataSource } from 'typeorm';
import { bookOfRegion } from '../common/region-code';
import { FundsService } from '../funds/funds.service';
import type { DemoClient } from '../demo/demo-client';
import { addDays } from './gen-dates';
import type { GenProvince } from './province-regions';

/** The fund of this 文号 already in the region's book (written by an interrupted run), if any. */
export async function recordedFund(client: DemoClient, regionCode: string, docNo: string): Promise<string | undefined> {
  const row = await client.app
    .get(DataSource)
    .getRepository(Fund)
    .findOneBy({ book: bookOfRegion(regionCode), docNo });
  return row?.id;
}

/** What each county needs of each source in a year: county code → source key (`central`, `central-extra`, …) → fen. */
export type FundNeeds = Map<string, Map<string, bigint>>;

const BASE: Record<string, string> = { central: '01-08', provincial: '02-20', municipal: '02-12', county: '03-01' };
const TITLE: Record<string, string> = {
  central: '中央财政衔接推进乡村振兴补助资金',
  provincial: '省级财政衔接推进乡村振兴补助资金',
  municipal: '市级财政衔接推进乡村振兴资金',
  county: '县级财政衔接推进乡村振兴资金',
};

export interface FundWriter {
  client: DemoClient;
  onWrite: (entries: number) => void;
  /** County code → (`<year>:<source key>` → fund id in the county's book). */
  countyFunds: Map<string, Map<string, string>>;
  parallel: <T>(items: T[], fn: (item: T) => Promise<void>) => Promise<void>;
}

/**
 * A year's fund documents (指标文件) and their way down to the counties. Every level passes on exactly what its
 * counties need, so nothing is held back or left idle unless a planted case says so.
 */
export async function writeYearFunds(
  w: FundWriter,
  province: GenProvince,
  year: number,
  needs: FundNeeds,
): Promise<Map<string, string>> {
  const funds = w.client.app.get(FundsService);
  const keys = new Set<string>();
  for (const m of needs.values()) for (const k of m.keys()) keys.add(k);
  const ids = new Map<string, string>();
  // The service refuses a 文号 already in the book before the journal could answer a replayed key, so a document
  // written by an interrupted run is looked up instead (as the demo does).
  const recorded = (regionCode: string, docNo: string) => recordedFund(w.client, regionCode, docNo);
  let doc = 0;
  const create = async (actor: Actor, regionCode: string, key: string, amount: bigint, on: string, prefix: string) => {
    const level = key.split('-')[0] as SourceLevel;
    const body = {
      docNo: `${prefix}〔${year}〕${++doc}号`,
      title: `关于下达${year}年${TITLE[level]}的通知`,
      sourceLevel: level,
      regionCode,
      amount: fenToYuan(amount),
      issuedOn: on,
      purpose: '巩固拓展脱贫攻坚成果同乡村振兴有效衔接',
    };
    const known = await recorded(regionCode, body.docNo);
    if (known) return known;
    const f = await w.client.write(CreateFundDto, body, `fund:${year}:${key}:${regionCode}`, (b, k) =>
      funds.create(actor, b, k),
    );
    w.onWrite(1);
    return f.id;
  };
  const allocate = async (from: string, parentId: string, to: string, amount: bigint, on: string, key: string) => {
    const body = { toRegionCode: to, amount: fenToYuan(amount), docNo: `下达〔${year}〕${key}-${to}号`, issuedOn: on };
    const known = await recorded(to, body.docNo);
    if (known) return known;
    const f = await w.client.write(AllocateFundDto, body, `fund:${year}:${key}:to:${to}`, (b, k) =>
      funds.allocate(w.client.as('finance', from), parentId, b, k),
    );
    w.onWrite(2);
    return f.id;
  };
  const need = (county: string, key: string) => needs.get(county)?.get(key) ?? 0n;
  for (const key of [...keys].sort()) {
    const level = key.split('-')[0];
    const on =
      key === 'county-planted' ? `${year}-01-01` : addDays(`${year}-${BASE[level]}`, key.includes('-') ? 15 : 0);
    const countiesOf = (city: string) => province.counties.filter((c) => c.cityCode === city && need(c.code, key) > 0n);
    const toCounties = async (city: string, cityFund: string, from: string) => {
      for (const c of countiesOf(city))
        w.countyFunds
          .get(c.code)!
          .set(`${year}:${key}`, await allocate(city, cityFund, c.code, need(c.code, key), from, key));
    };
    if (level === 'central' || level === 'provincial') {
      const cities = province.cities
        .map((city) => ({ city, amount: countiesOf(city.code).reduce((s, c) => s + need(c.code, key), 0n) }))
        .filter((x) => x.amount > 0n);
      const total = cities.reduce((s, x) => s + x.amount, 0n);
      if (total === 0n) continue;
      const provinceFund = await create(
        w.client.as('finance', province.code),
        province.code,
        key,
        total,
        on,
        level === 'central' ? '财农' : '湘财农',
      );
      ids.set(`${province.code}:${key}`, provinceFund);
      const cityFunds: Array<{ code: string; id: string }> = [];
      for (const { city, amount } of cities)
        cityFunds.push({
          code: city.code,
          id: await allocate(province.code, provinceFund, city.code, amount, addDays(on, 10), key),
        });
      await w.parallel(cityFunds, (cf) => toCounties(cf.code, cf.id, addDays(on, 22)));
    } else if (level === 'municipal') {
      await w.parallel(province.cities, async (city) => {
        const amount = countiesOf(city.code).reduce((s, c) => s + need(c.code, key), 0n);
        if (amount === 0n) return;
        const cityFund = await create(w.client.as('finance', city.code), city.code, key, amount, on, '市财农');
        await toCounties(city.code, cityFund, addDays(on, 12));
      });
    } else {
      await w.parallel(
        province.counties.filter((c) => need(c.code, key) > 0n),
        async (c) => {
          w.countyFunds
            .get(c.code)!
            .set(
              `${year}:${key}`,
              await create(w.client.as('finance', c.code), c.code, key, need(c.code, key), on, '县财农'),
            );
        },
      );
    }
  }
  return ids;
}
