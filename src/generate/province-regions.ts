import { DemoRandom } from '../demo/demo-random';

/** One county of the generated province, with its townships and villages (codes follow GB/T 2260 layout). */
export interface GenCounty {
  index: number;
  code: string;
  name: string;
  cityCode: string;
  townships: string[];
  villages: string[];
}

export interface GenProvince {
  code: string;
  name: string;
  cities: Array<{ code: string; name: string }>;
  counties: GenCounty[];
  regions: Array<{ code: string; name: string; parentCode: string }>;
}

export const PROVINCE_CODE = '430000000000';
const SYLLABLES =
  '安宁平和兴隆昌盛丰泰永福康寿长乐清河桃源石门龙山凤凰金沙白马青云新华东升西岭南岳北塘秀峰梅溪竹林松柏花桥柳湾杨家';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function placeName(rnd: DemoRandom, used: Set<string>): string {
  for (;;) {
    const a = rnd.int(0, SYLLABLES.length - 1);
    const b = rnd.int(0, SYLLABLES.length - 1);
    const name = SYLLABLES[a] + SYLLABLES[b];
    if (a !== b && !used.has(name)) {
      used.add(name);
      return name;
    }
    if (used.size > 1500) return name + used.size; // past the pairs: a number keeps names unique
  }
}

/**
 * The region tree of a province of `counties` counties: ten counties to a city, `villages` villages
 * per county in townships of about ten. Codes are 12 digits like the real ones (43 = 湖南省 layout);
 * names are illustrative, made of place-name syllables, the same for the same seed.
 */
export function buildProvince(counties: number, villages: number, seed: number): GenProvince {
  const rnd = new DemoRandom(seed);
  const used = new Set<string>();
  const province = { code: PROVINCE_CODE, name: '湖南省(生成)' };
  const regions = [{ code: province.code, name: province.name, parentCode: '000000000000' }];
  const cities: GenProvince['cities'] = [];
  const out: GenCounty[] = [];
  for (let i = 0; i < counties; i++) {
    const cityNo = Math.floor(i / 10) + 1;
    const cityCode = `43${pad(cityNo, 2)}00000000`;
    if (!cities.some((c) => c.code === cityCode)) {
      const city = { code: cityCode, name: `${placeName(rnd, used)}市` };
      cities.push(city);
      regions.push({ ...city, parentCode: province.code });
    }
    const code = `43${pad(cityNo, 2)}${pad((i % 10) + 1, 2)}000000`;
    const name = `${placeName(rnd, used)}县`;
    regions.push({ code, name, parentCode: cityCode });
    const townshipCount = Math.max(2, Math.ceil(villages / 10));
    const townships: string[] = [];
    const villageCodes: string[] = [];
    for (let t = 0; t < townshipCount; t++) {
      const tCode = `${code.slice(0, 6)}${pad(100 + t, 3)}000`;
      const tName = `${placeName(rnd, used)}镇`;
      townships.push(tCode);
      regions.push({ code: tCode, name: tName, parentCode: code });
    }
    for (let v = 0; v < villages; v++) {
      const t = v % townshipCount;
      const vCode = `${townships[t].slice(0, 9)}${pad(201 + Math.floor(v / townshipCount), 3)}`;
      villageCodes.push(vCode);
      regions.push({ code: vCode, name: `${placeName(rnd, used)}村`, parentCode: townships[t] });
    }
    out.push({ index: i, code, name, cityCode, townships, villages: villageCodes });
  }
  return { ...province, cities, counties: out, regions };
}

export const townshipOf = (code: string) => code.slice(0, 9).padEnd(12, '0');
