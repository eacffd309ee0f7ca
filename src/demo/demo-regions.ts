/** A real county, 河南省 漯河市 郾城区 (411103): township codes as in 统计用区划代码; village names are illustrative. */
export const DEMO_REGIONS: Array<{ code: string; name: string; parentCode: string }> = [
  { code: '410000000000', name: '河南省', parentCode: '000000000000' },
  { code: '411100000000', name: '漯河市', parentCode: '410000000000' },
  { code: '411103000000', name: '郾城区', parentCode: '411100000000' },
  { code: '411103100000', name: '城关镇', parentCode: '411103000000' },
  { code: '411103100201', name: '城关镇 后街村', parentCode: '411103100000' },
  { code: '411103100202', name: '城关镇 石槽赵村', parentCode: '411103100000' },
  { code: '411103100203', name: '城关镇 大刘村', parentCode: '411103100000' },
  { code: '411103101000', name: '孟庙镇', parentCode: '411103000000' },
  { code: '411103101201', name: '孟庙镇 孟庙村', parentCode: '411103101000' },
  { code: '411103101202', name: '孟庙镇 王店村', parentCode: '411103101000' },
  { code: '411103102000', name: '商桥镇', parentCode: '411103000000' },
  { code: '411103102201', name: '商桥镇 商桥村', parentCode: '411103102000' },
  { code: '411103102202', name: '商桥镇 司庄村', parentCode: '411103102000' },
  { code: '411103103000', name: '裴城镇', parentCode: '411103000000' },
  { code: '411103103201', name: '裴城镇 裴城村', parentCode: '411103103000' },
  { code: '411103103202', name: '裴城镇 林庄村', parentCode: '411103103000' },
];

export const DEMO_USERS = [
  { name: 'demo 郾城区 管理员', role: 'admin', regionCode: '411103000000', username: 'yc-admin' },
  { name: 'demo 河南省财政厅', role: 'finance', regionCode: '410000000000', username: 'ha-finance' },
  { name: 'demo 漯河市财政局', role: 'finance', regionCode: '411100000000', username: 'lh-finance' },
  { name: 'demo 郾城区财政局', role: 'finance', regionCode: '411103000000', username: 'yc-finance' },
  { name: 'demo 郾城区乡村振兴局', role: 'program', regionCode: '411103000000', username: 'yc-program' },
  { name: 'demo 城关镇人民政府', role: 'township', regionCode: '411103100000', username: 'chengguan' },
  { name: 'demo 后街村村委会', role: 'village', regionCode: '411103100201', username: 'houjie' },
  { name: 'demo 郾城区审计局', role: 'auditor', regionCode: '411103000000', username: 'yc-audit' },
] as const;
