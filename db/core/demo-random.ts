// A small seeded generator so that demo and benchmark districts come out the same on every machine.
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }
  /** mulberry32: fast, 32-bit state, good enough for synthetic data (not for the 双随机 draw). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红梅玲文斌辉鹏丹萍鑫颖晶琳宇浩凯健俊帆雪';

export function chineseName(rng: SeededRandom): string {
  const given = rng.next() < 0.5 ? rng.pick([...GIVEN]) : rng.pick([...GIVEN]) + rng.pick([...GIVEN]);
  return rng.pick([...SURNAMES]) + given;
}

/** A landline in 绍兴 (0575) style: 0575-8xxxxxxx. */
export function officePhone(rng: SeededRandom): string {
  return `0575-8${String(rng.int(0, 9999999)).padStart(7, '0')}`;
}
