import { seededRandom } from '../common/seeded-random';
import { idCheckChar } from '../households/id-number';

export class DemoRandom {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    const total = choices.reduce((a, [, w]) => a + w, 0);
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1][0];
  }
}

// Common surnames of the central plains (豫中) and given names typical of rural heads of household.
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余杜叶程魏苏吕丁任卢姚沈姜崔谭范汪石贾付邹熊白孟秦侯薛闫段雷史陶贺郝顾邵常';
const MALE = [
  '建国',
  '国庆',
  '志强',
  '保国',
  '红军',
  '建军',
  '卫东',
  '振华',
  '铁柱',
  '德胜',
  '金山',
  '长海',
  '天福',
  '学文',
  '新民',
  '永刚',
  '春生',
  '满仓',
  '富贵',
  '怀忠',
  '宝山',
  '全喜',
  '留柱',
  '东升',
  '景林',
];
const FEMALE = [
  '秀英',
  '桂兰',
  '玉珍',
  '凤英',
  '淑珍',
  '桂芳',
  '春梅',
  '秀兰',
  '翠花',
  '素芬',
  '玉兰',
  '金凤',
  '爱琴',
  '改霞',
  '俊霞',
  '红梅',
  '彩云',
  '丽娟',
];

export interface DemoPerson {
  name: string;
  male: boolean;
  birth: string;
}

export function demoPerson(rnd: DemoRandom): DemoPerson {
  const male = rnd.int(0, 99) < 72;
  const year = rnd.int(1942, 1996);
  const month = rnd.int(1, 12);
  const day = rnd.int(1, 28);
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
  return { name: rnd.pick([...SURNAMES]) + rnd.pick(male ? MALE : FEMALE), male, birth };
}

/**
 * A valid GB 11643 number for someone registered in `areaCode` (the county's 6 digits): the
 * sequence is odd for men, and `serial` keeps numbers unique within the demo.
 */
export function demoIdNumber(areaCode: string, person: DemoPerson, serial: number): string {
  const base = (serial * 2) % 1000;
  const seq = person.male ? base + 1 : base === 0 ? 998 : base;
  const first17 = `${areaCode}${person.birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** A 19-digit debit card number of a rural bank (农商银行), deterministic per payee. */
export function demoAccountNo(rnd: DemoRandom): string {
  let digits = '6230';
  while (digits.length < 19) digits += String(rnd.int(0, 9));
  return digits;
}
